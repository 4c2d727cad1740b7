package io.drover.server.identity.totp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The SVG is read back, not the matrix: its path is painted into an image, which ZXing's reader
 * must decode to the original text.
 */
class QrSvgTest {
    private static final Pattern RECT = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
    private static final int SCALE = 4;

    @Test
    void anOtpauthUriRoundTrips() throws Exception {
        String uri = OtpauthUri.of("Drover", "alice", Totp.newSecret(), Totp.standard());
        assertThat(decode(QrSvg.render(uri))).isEqualTo(uri);
    }

    @Test
    void nonAsciiTextRoundTrips() throws Exception {
        String text = "Grüße, 日本 & <tag> \"quoted\"";
        assertThat(decode(QrSvg.render(text))).isEqualTo(text);
    }

    @Test
    void theSvgIsWellFormedAndCarriesNoText() throws Exception {
        String text = "</svg><script>alert(1)</script>&amp;\"'";
        String svg = QrSvg.render(text);
        Element root = parse(svg).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getElementsByTagName("path").getLength()).isEqualTo(1);
        assertThat(root.getElementsByTagName("script").getLength()).isZero();
        assertThat(root.getTextContent()).isEmpty();
        assertThat(svg).doesNotContain("script").doesNotContain("alert");
        // Only the drawing vocabulary: tags, numbers, and the path commands.
        String d = ((Element) root.getElementsByTagName("path").item(0)).getAttribute("d");
        assertThat(d).matches("(M\\d+ \\d+h\\d+v1h-\\d+z)+");
    }

    @Test
    void aQuietZoneOfFourModulesSurroundsTheCode() throws Exception {
        String svg = QrSvg.render("otpauth://totp/Drover:alice?secret=ABC");
        Element root = parse(svg).getDocumentElement();
        int size = Integer.parseInt(root.getAttribute("viewBox").split(" ")[2]);
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = 0, maxY = 0;
        Matcher m = RECT.matcher(((Element) root.getElementsByTagName("path").item(0)).getAttribute("d"));
        while (m.find()) {
            int x = Integer.parseInt(m.group(1)), y = Integer.parseInt(m.group(2)), w = Integer.parseInt(m.group(3));
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x + w);
            maxY = Math.max(maxY, y + 1);
        }
        assertThat(minX).isEqualTo(QrSvg.QUIET_ZONE);
        assertThat(minY).isEqualTo(QrSvg.QUIET_ZONE);
        assertThat(size - maxX).isEqualTo(QrSvg.QUIET_ZONE);
        assertThat(size - maxY).isEqualTo(QrSvg.QUIET_ZONE);
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static String decode(String svg) throws Exception {
        Element root = parse(svg).getDocumentElement();
        int size = Integer.parseInt(root.getAttribute("viewBox").split(" ")[2]);
        BufferedImage image = new BufferedImage(size * SCALE, size * SCALE, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < image.getWidth(); x++) for (int y = 0; y < image.getHeight(); y++) image.setRGB(x, y, 0xffffff);
        Matcher m = RECT.matcher(((Element) root.getElementsByTagName("path").item(0)).getAttribute("d"));
        while (m.find()) {
            int x = Integer.parseInt(m.group(1)), y = Integer.parseInt(m.group(2)), w = Integer.parseInt(m.group(3));
            for (int px = x * SCALE; px < (x + w) * SCALE; px++) {
                for (int py = y * SCALE; py < (y + 1) * SCALE; py++) image.setRGB(px, py, 0x000000);
            }
        }
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
