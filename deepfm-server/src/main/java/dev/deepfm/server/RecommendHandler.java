package dev.deepfm.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.deepfm.core.serve.Recommendation;
import dev.deepfm.core.serve.Recommender;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /recommend?user=ID&k=10} (a known user) and {@code POST /recommend} with
 * {@code {"features": {...}, "k": 10}} (a new user, for models trained with cold-start support).
 * Both answer {@code {"user": ID or null, "k": k, "items": [{"rank", "item", "title", "genres",
 * "score", "probability"}, ...]}}.
 */
final class RecommendHandler {
  /** k when the request gives none (or the catalogue size if smaller). */
  static final int DEFAULT_K = 10;

  /** A known user's top k. */
  Reply get(Request request) {
    request.onlyParameters("user", "k");
    String user = request.query().get("user");
    if (user == null || user.isEmpty()) {
      throw ApiError.badRequest("missing query parameter 'user' (e.g. /recommend?user=1&k=10)");
    }
    Recommender rec = request.model().recommender();
    int k = parseK(request.query().get("k"), rec);
    List<Recommendation> items = rec.recommend(user, k);
    return Reply.ok(answer(user, k, items), request.model());
  }

  /** A new user's top k, from features. */
  Reply post(Request request) throws IOException {
    JsonNode root = Json.parseObject(request.body());
    Json.onlyFields(root, "", "features", "k");
    JsonNode features = root.get("features");
    if (features == null || features.isNull()) {
      throw ApiError.badRequest("missing field 'features' (an object such as "
          + "{\"age\": 25, \"gender\": \"F\", \"occupation\": \"writer\"})");
    }
    if (!features.isObject()) {
      throw ApiError.badRequest("features must be an object, not " + Json.kind(features));
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = features.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isTextual()) {
        values.put(e.getKey(), v.asText());
      } else if (v.isIntegralNumber()) {
        values.put(e.getKey(), v.bigIntegerValue().toString());
      } else if (v.isNumber()) {
        values.put(e.getKey(), v.asText());
      } else {
        throw ApiError.badRequest("feature '" + e.getKey() + "' must be a string or a number, not " + Json.kind(v));
      }
    }
    Recommender rec = request.model().recommender();
    int k = Json.optionalInt(root, "k", Math.min(DEFAULT_K, rec.itemCount()));
    if (!rec.supportsNewUsers()) {
      throw ApiError.unprocessable("this model was trained without cold-start support, so it cannot "
          + "recommend for new users (train it with --cold-start)");
    }
    List<Recommendation> items = rec.recommendNew(values, k);
    return Reply.ok(answer(null, k, items), request.model());
  }

  private static int parseK(String text, Recommender rec) {
    if (text == null) {
      return Math.min(DEFAULT_K, rec.itemCount());
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("k must be an integer in 1.." + rec.itemCount() + ", got '" + text + "'");
    }
  }

  private static byte[] answer(String user, int k, List<Recommendation> items) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("user", user);
      g.writeNumberField("k", k);
      g.writeArrayFieldStart("items");
      for (Recommendation r : items) {
        write(g, r);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static void write(JsonGenerator g, Recommendation r) throws IOException {
    g.writeStartObject();
    g.writeNumberField("rank", r.rank());
    g.writeStringField("item", r.itemId());
    g.writeStringField("title", r.title());
    g.writeArrayFieldStart("genres");
    for (String t : r.tags()) {
      g.writeString(t);
    }
    g.writeEndArray();
    g.writeNumberField("score", r.score());
    // the probability is a float widened to double: written as the float, without noise digits
    g.writeNumberField("probability", (float) r.probability());
    g.writeEndObject();
  }
}
