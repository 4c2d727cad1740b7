package io.drover.e2e;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the end-to-end tests and benchmarks get the admin's credential, the way a person would: the
 * first admin's password (from {@code DroverServer.initialAdminPassword()} in this JVM, or the line
 * a server process logs once), a sign-in over HTTPS, and an API token made with that session. The
 * one place e2e (and bench, which builds on it) knows the sign-in flow. JDK only: the main sources
 * have no JSON library, and the few fields read here are plain strings.
 */
public final class AdminLogin {
    public static final String ADMIN = "admin";
    /** The line the server logs at its first start: "... admin password (shown once; ...): PASSWORD". */
    private static final Pattern PASSWORD_LINE = Pattern.compile("admin password \\(shown once[^)]*\\): (\\S+)");
    private static final HttpClient HTTP = loopbackHttps();

    private AdminLogin() {
    }

    /** A signed-in browser-like session: the cookie ({@code drover_session=…}) and its CSRF token. */
    public record Session(String baseUrl, String cookie, String csrfToken) {
        /** A request carrying the session cookie and the CSRF token, as the console sends them. */
        public HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                    .header("Cookie", cookie).header("X-CSRF-Token", csrfToken);
        }
    }

    /**
     * An API token for the first admin of a fresh server whose HTTPS port is 127.0.0.1:{@code httpsPort},
     * with the password it made ({@code server.initialAdminPassword()}); fails when there is none.
     */
    public static String firstAdminToken(int httpsPort, Optional<String> initialPassword) {
        String password = initialPassword
                .orElseThrow(() -> new IllegalStateException("the server made no first admin (not a fresh store?)"));
        return token("https://127.0.0.1:" + httpsPort, ADMIN, password);
    }

    /**
     * A client for the servers e2e tests and benchmarks start on 127.0.0.1: plain HTTP, and HTTPS
     * with whatever certificate the server presents (each makes its own self-signed one per run).
     * The API, the console and sign-in are served over HTTPS only (the plain port serves trackers);
     * that agents pin and check the certificate is the agent tests' business.
     */
    public static HttpClient loopbackHttps() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new AnyCertificate()}, null);
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts any server certificate, and checks no host name (an extended trust manager is asked instead of the JDK's check). */
    private static final class AnyCertificate extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Signs {@code username} in and makes an API token with the session. */
    public static String token(String baseUrl, String username, String password) {
        Session session = login(baseUrl, username, password);
        HttpResponse<String> created = send(session.request("/api/v1/auth/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("name", "e2e")))));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("API token for " + username + ": " + created.statusCode() + " " + created.body());
        }
        return field(created.body(), "token");
    }

    /** {@code POST /api/v1/auth/login}; fails unless the server answers 200 with a session cookie. */
    public static Session login(String baseUrl, String username, String password) {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/auth/login"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("username", username, "password", password)))));
        if (reply.statusCode() != 200) {
            throw new IllegalStateException("sign-in of " + username + ": " + reply.statusCode() + " " + reply.body());
        }
        String setCookie = reply.headers().firstValue("Set-Cookie")
                .orElseThrow(() -> new IllegalStateException("sign-in of " + username + " set no cookie"));
        int end = setCookie.indexOf(';');
        return new Session(baseUrl, end < 0 ? setCookie : setCookie.substring(0, end), field(reply.body(), "csrf_token"));
    }

    /** The first admin's password from a server's log, or null when the log has none (the store was not fresh). */
    public static String passwordFromLog(String log) {
        Matcher m = PASSWORD_LINE.matcher(log);
        return m.find() ? m.group(1) : null;
    }

    /** A flat JSON object of strings. */
    static String json(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> e : new LinkedHashMap<>(fields).entrySet()) {
            if (out.length() > 1) out.append(',');
            quote(out, e.getKey()).append(':');
            quote(out, e.getValue());
        }
        return out.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"');
    }

    /** The first string field of that name whose value has no escapes (tokens, CSRF tokens). */
    static String field(String body, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"\\\\]*)\"").matcher(body);
        if (!m.find()) throw new IllegalStateException("no " + name + " in " + body);
        return m.group(1);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
