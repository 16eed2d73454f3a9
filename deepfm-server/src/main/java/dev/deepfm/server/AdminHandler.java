package dev.deepfm.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /admin/reload}: reads the model file again and swaps it in atomically. 200 with
 * {@code "status": "reloaded"} (or {@code "unchanged"} when the file holds the same bytes); 409
 * when the file cannot be used, in which case the previous model is still served.
 */
final class AdminHandler {
  private final ModelHolder holder;

  AdminHandler(ModelHolder holder) {
    this.holder = holder;
  }

  Reply reload(Request request) {
    request.onlyParameters();
    ModelHolder.ReloadResult r = holder.reload();
    if (!r.ok()) {
      throw new ApiError(409, "reload failed, still serving the model loaded at " + r.current().loadedAt()
          + ": " + r.error());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", r.changed() ? "reloaded" : "unchanged");
    out.put("sha256", r.current().sha256());
    out.put("previous_sha256", r.previous().sha256());
    out.put("model_loaded_at", r.current().loadedAt().toString());
    out.put("generation", r.current().generation());
    out.put("seconds", Double.parseDouble(String.format(Locale.ROOT, "%.4f", r.seconds())));
    return Reply.ok(Json.value(out));
  }
}
