package city.citywatch.api.http.error;

import city.citywatch.core.json.Json;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.InputTrustHandler;

import java.io.IOException;

/**
 * Refuses a request body that is not JSON before the contract validator sees it, so the client learns
 * exactly what is wrong (415 with the content type it sent, 400 with the line and column of the syntax
 * error) rather than the validator's generic "can't be decoded". Runs after the body handler.
 */
public final class JsonBodyGate implements InputTrustHandler {

    @Override
    public void handle(RoutingContext rc) {
        HttpMethod method = rc.request().method();
        boolean carriesBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
        Buffer body = rc.body().buffer();
        if (!carriesBody || body == null || body.length() == 0) {
            rc.next();
            return;
        }
        String contentType = rc.request().getHeader("Content-Type");
        if (!isJson(contentType)) {
            rc.fail(new ApiException(415, "unsupported_media_type",
                    "request body must be application/json, got Content-Type '"
                            + (contentType == null ? "" : abbreviate(contentType)) + "'", null));
            return;
        }
        try {
            // Parsing is CPU-bound and bounded by the body limit, so it may run on the event loop.
            Json.mapper().readTree(body.getBytes());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            rc.fail(new ApiException(400, "malformed_json",
                    "request body is not valid JSON" + where + ": " + abbreviate(e.getOriginalMessage()), "body"));
            return;
        } catch (IOException e) {
            rc.fail(new ApiException(400, "malformed_json", "request body is not valid JSON", "body"));
            return;
        }
        rc.next();
    }

    static boolean isJson(String contentType) {
        if (contentType == null) return false;
        int semicolon = contentType.indexOf(';');
        String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mime.equalsIgnoreCase("application/json");
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        String oneLine = s.replaceAll("[\\r\\n\\t]+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
