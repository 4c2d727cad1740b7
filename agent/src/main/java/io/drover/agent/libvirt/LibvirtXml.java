package io.drover.agent.libvirt;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * libvirt XML (domains, networks) built with the JDK's DOM, so every value is escaped text or an
 * attribute value, never markup; and read back without DTDs or external entities.
 */
public final class LibvirtXml {
    private LibvirtXml() {}

    public static Document newDocument() {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK has no DOM", e);
        }
    }

    /** A new element {@code tag}, appended to {@code parent} (a document or an element). */
    public static Element child(Node parent, String tag) {
        Element e = (parent instanceof Document d ? d : parent.getOwnerDocument()).createElement(tag);
        parent.appendChild(e);
        return e;
    }

    public static Element text(Node parent, String tag, String value) {
        Element e = child(parent, tag);
        e.setTextContent(value);
        return e;
    }

    /** The document as text, indented, without an XML declaration. */
    public static String serialize(Document doc) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write libvirt XML", e);
        }
    }

    /** XML from libvirt (or a test), namespace-aware, with no DTD and no entity expanded; empty when it does not parse. */
    public static Optional<Document> parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e; // reported through the exception, not printed to stderr
                }
            });
            return Optional.of(b.parse(new InputSource(new StringReader(xml))));
        } catch (Exception unreadable) {
            return Optional.empty();
        }
    }
}
