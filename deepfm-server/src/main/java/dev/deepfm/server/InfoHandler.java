package dev.deepfm.server;

import dev.deepfm.core.io.ModelBundle;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.schema.Field;
import dev.deepfm.core.serve.Recommender;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code GET /health} (liveness, load time, request count) and {@code GET /model} (what is served:
 * file, checksum, format, schema, sizes, provenance, and a sample of user ids for clients such as
 * the load generator). The /model answer is built once per loaded model.
 */
final class InfoHandler {
  /** Most user ids listed by /model. */
  static final int USER_ID_SAMPLE = 1000;

  private final ModelHolder holder;
  private final LongSupplier requests;
  private volatile Object[] modelCache = {null, null};

  InfoHandler(ModelHolder holder, LongSupplier requests) {
    this.holder = holder;
    this.requests = requests;
  }

  Reply health(Request request) {
    request.onlyParameters();
    ModelHolder.Loaded m = request.model();
    ModelHolder.Failure failure = holder.lastError();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "ok");
    out.put("model_loaded_at", m.loadedAt().toString());
    out.put("requests", requests.getAsLong());
    out.put("model_sha256", m.sha256());
    out.put("model_generation", m.generation());
    if (failure != null) {
      out.put("last_reload_error", Map.of("at", failure.at().toString(), "message", failure.message()));
    }
    return Reply.ok(Json.value(out));
  }

  Reply model(Request request) {
    request.onlyParameters();
    ModelHolder.Loaded m = request.model();
    Object[] cache = modelCache;
    if (cache[0] != m) {
      cache = new Object[] {m, Json.value(describe(m))};
      modelCache = cache;
    }
    return Reply.ok((byte[]) cache[1], m);
  }

  /** The /model document. */
  static Map<String, Object> describe(ModelHolder.Loaded m) {
    Recommender rec = m.recommender();
    ModelBundle b = rec.bundle();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", m.path().toAbsolutePath().toString());
    out.put("sha256", m.sha256());
    out.put("format_version", m.formatVersion());
    out.put("file_bytes", m.fileSize());
    out.put("loaded_at", m.loadedAt().toString());
    out.put("generation", m.generation());
    ModelConfig c = b.model().config();
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("type", c.type().id());
    model.put("embed_dim", c.embedDim());
    model.put("hidden", c.hidden());
    model.put("dropout", c.dropout());
    model.put("parameters", b.model().parameterCount());
    out.put("model", model);
    List<Map<String, Object>> schema = new ArrayList<>();
    for (Field f : b.model().schema().fields()) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("name", f.name());
      fm.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
      fm.put("side", f.side().name().toLowerCase(Locale.ROOT));
      fm.put("vocab_size", f.vocabSize());
      fm.put("oov", f.oov());
      schema.add(fm);
    }
    out.put("schema", schema);
    out.put("users", b.userIds().size());
    out.put("items", b.itemIds().size());
    out.put("cold_start", rec.supportsNewUsers());
    if (rec.supportsNewUsers()) {
      out.put("new_user_features", rec.newUserFeatures());
    }
    out.put("field_labels", new java.util.TreeMap<>(b.fieldLabels()));
    List<String> ids = b.userIds().ids();
    out.put("user_ids_sample", ids.subList(0, Math.min(USER_ID_SAMPLE, ids.size())));
    out.put("provenance", b.provenance());
    return out;
  }
}
