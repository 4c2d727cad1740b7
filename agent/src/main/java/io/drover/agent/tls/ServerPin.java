package io.drover.agent.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the agent trusts the server: by the SHA-256 fingerprint of its certificate
 * ({@code --server-fingerprint sha256:HEX}, printed by the server and in its join instructions),
 * which makes a self-signed certificate safe; or, with no fingerprint, the JDK's CAs and a
 * host-name check (an operator's certificate from a public CA).
 */
public final class ServerPin {
    private final byte[] sha256;

    private ServerPin(byte[] sha256) {
        this.sha256 = sha256;
    }

    /** {@code sha256:HEX} (colons and case as you like; the prefix may be left out), or null/blank for none. */
    public static ServerPin parse(String fingerprint) {
        if (fingerprint == null || fingerprint.isBlank()) return null;
        String hex = fingerprint.trim().toLowerCase(Locale.ROOT);
        if (hex.startsWith("sha256:")) hex = hex.substring("sha256:".length());
        hex = hex.replace(":", "");
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a server fingerprint is sha256: and 64 hex digits, got " + fingerprint);
        }
        return new ServerPin(HexFormat.of().parseHex(hex));
    }

    @Override
    public String toString() {
        return "sha256:" + HexFormat.of().formatHex(sha256);
    }

    /** Whether the pinned certificate is among those the server presented (its own, or a CA of its chain). */
    boolean matches(X509Certificate[] chain) throws CertificateEncodingException {
        if (chain == null) return false;
        for (X509Certificate c : chain) {
            if (MessageDigest.isEqual(sha256, digest(c.getEncoded()))) return true;
        }
        return false;
    }

    private static byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The trust manager for {@code pin}: an extended one, so the JDK adds no host-name check of its
     * own (the pin names the server exactly; agents may dial it by any address). Null pin: the JDK's.
     */
    static TrustManager[] trustManagers(ServerPin pin) throws GeneralSecurityException {
        if (pin == null) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            return tmf.getTrustManagers();
        }
        return new TrustManager[] {new X509ExtendedTrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (!pin.matches(chain)) {
                    throw new CertificateException("the server's certificate is not the pinned one (" + pin
                            + "); check --server-fingerprint against what the server logs at start");
                }
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
                checkServerTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                checkServerTrusted(chain, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("the agent accepts no TLS clients");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
                checkClientTrusted(chain, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                checkClientTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
    }
}
