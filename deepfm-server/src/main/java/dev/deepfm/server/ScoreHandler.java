package dev.deepfm.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deepfm.core.nn.BceWithLogits;
import dev.deepfm.core.serve.Recommender;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /score} with {@code {"pairs": [{"user": "1", "item": "50"}, ...]}}: the model's
 * score (logit) and probability of each pair, in order. At most {@code maxPairs} pairs a request
 * (413 beyond); an unknown user or item is a 404 naming the pair.
 */
final class ScoreHandler {
  private final int maxPairs;

  ScoreHandler(int maxPairs) {
    this.maxPairs = maxPairs;
  }

  Reply post(Request request) throws IOException {
    JsonNode root = Json.parseObject(request.body());
    Json.onlyFields(root, "", "pairs");
    JsonNode pairs = root.get("pairs");
    if (pairs == null || pairs.isNull()) {
      throw ApiError.badRequest("missing field 'pairs' (an array such as [{\"user\": \"1\", \"item\": \"50\"}])");
    }
    if (!pairs.isArray()) {
      throw ApiError.badRequest("pairs must be an array, not " + Json.kind(pairs));
    }
    if (pairs.size() > maxPairs) {
      throw ApiError.tooLarge("too many pairs: " + pairs.size() + " (at most " + maxPairs + " a request)");
    }
    Recommender rec = request.model().recommender();
    var userIds = rec.bundle().userIds();
    var itemIds = rec.bundle().itemIds();
    List<String> users = new ArrayList<>(pairs.size());
    List<String> items = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      JsonNode p = pairs.get(i);
      String where = "pairs[" + i + "]";
      if (!p.isObject()) {
        throw ApiError.badRequest(where + " must be an object with user and item, not " + Json.kind(p));
      }
      Json.onlyFields(p, " in " + where, "user", "item");
      String user = Json.idText(p.get("user"), where + ".user");
      String item = Json.idText(p.get("item"), where + ".item");
      if (userIds.indexOf(user).isEmpty()) {
        throw ApiError.notFound(where + ": unknown user '" + user + "'");
      }
      if (itemIds.indexOf(item).isEmpty()) {
        throw ApiError.notFound(where + ": unknown item '" + item + "'");
      }
      users.add(user);
      items.add(item);
    }
    float[] scores = rec.score(users, items);
    byte[] body = Json.bytes(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("scores");
      for (int i = 0; i < scores.length; i++) {
        g.writeStartObject();
        g.writeStringField("user", users.get(i));
        g.writeStringField("item", items.get(i));
        g.writeNumberField("score", scores[i]);
        g.writeNumberField("probability", BceWithLogits.sigmoid(scores[i]));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
    return Reply.ok(body, request.model());
  }
}
