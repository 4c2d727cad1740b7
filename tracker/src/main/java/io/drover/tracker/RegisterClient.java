package io.drover.tracker;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Sends one heartbeat to {@code POST <api>/api/register} and turns every failure into a type. */
final class RegisterClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final URI registerUri;
    private final String token;
    private final String userAgent;

    /** @param token bearer token, empty for none */
    RegisterClient(HttpClient http, URI registerUri, String token, String userAgent) {
        this.http = http;
        this.registerUri = registerUri;
        this.token = token;
        this.userAgent = userAgent;
    }

    static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                // HTTP/1.1: the default HTTP/2 would send an h2c upgrade that some proxies mishandle
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    URI uri() {
        return registerUri;
    }

    /**
     * Blocks until the server answers 2xx. Interruptible: an interrupt abandons the request, so
     * stopping the tracker never waits for the request timeout.
     */
    void register(Heartbeat heartbeat) throws RegistrationException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(registerUri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(heartbeat.toJson(), StandardCharsets.UTF_8));
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ServerUnreachableException(registerUri, describe(e), e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String message = serverMessage(response.body());
        if (status >= 400 && status < 500) {
            throw new RegistrationRejectedException(status, message);
        }
        throw new ServerErrorException(status, message);
    }

    /**
     * The {@code message} of the server's error body ({@code /api/register} answers
     * {@code {"status":"error","message":…}}), the {@code detail} of an RFC 9457 problem body, else
     * the start of whatever it sent, e.g. a proxy's page.
     */
    static String serverMessage(String body) {
        return Json.stringMember(body, "message").or(() -> Json.stringMember(body, "detail")).orElseGet(() -> {
            String oneLine = body.strip().replaceAll("\\s+", " ");
            if (oneLine.isEmpty()) {
                return "(empty body)";
            }
            return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
        });
    }

    private static String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + GoDuration.format(CONNECT_TIMEOUT);
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + GoDuration.format(REQUEST_TIMEOUT);
        }
        // The JDK client often wraps the real cause ("Connection refused") in a message-less exception.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e instanceof ConnectException ? "connection failed" : e.getClass().getSimpleName();
    }
}
