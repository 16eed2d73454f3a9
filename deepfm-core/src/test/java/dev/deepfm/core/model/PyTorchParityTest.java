package dev.deepfm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfm.core.data.Batch;
import dev.deepfm.core.data.BatchBuilder;
import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.nn.ParamLayout;
import dev.deepfm.core.schema.Field;
import dev.deepfm.core.schema.Schema;
import dev.deepfm.core.schema.Side;
import dev.deepfm.core.train.Adam;
import dev.deepfm.core.train.AdamMode;
import dev.deepfm.core.util.WorkerPool;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One training step against PyTorch: for a small DeepFM (5 fields, k = 4, MLP 20-8-6-1, no
 * dropout) and a batch of 16 examples, {@code pytorch/tiny-deepfm-step.json} holds the logits,
 * the mean BCE, every gradient and the parameters after one {@code torch.optim.Adam(lr=1e-3,
 * weight_decay=1e-5)} step, computed by PyTorch 1.13 from the same parameters with the script
 * beside it ({@code tiny_deepfm_step.py}). The plain and the fast networks must agree with it.
 */
class PyTorchParityTest {

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void oneStepMatchesPyTorch(boolean fast) throws Exception {
    JsonNode j;
    try (InputStream in = getClass().getResourceAsStream("/pytorch/tiny-deepfm-step.json")) {
      j = new ObjectMapper().readTree(in);
    }
    Schema schema = new Schema(List.of(Field.categorical("user_id", Side.USER, 12),
        Field.categorical("u_cat", Side.USER, 3), Field.categorical("item_id", Side.ITEM, 20),
        Field.categorical("i_cat", Side.ITEM, 4), Field.categorical("i_bin", Side.ITEM, 2)));
    int n = j.get("rows").size();
    FeatureTable.Builder users = FeatureTable.builder(schema, 0, 1);
    FeatureTable.Builder items = FeatureTable.builder(schema, 2, 3, 4);
    int[] ex = new int[n];
    float[] labels = new float[n];
    for (int b = 0; b < n; b++) {
      JsonNode r = j.get("rows").get(b);
      users.categorical(r.get(0).asInt() - schema.offset(0)).categorical(r.get(1).asInt() - schema.offset(1));
      items.categorical(r.get(2).asInt() - schema.offset(2)).categorical(r.get(3).asInt() - schema.offset(3))
          .categorical(r.get(4).asInt() - schema.offset(4));
      ex[b] = b;
      labels[b] = (float) j.get("labels").get(b).asDouble();
    }
    BatchBuilder builder = new BatchBuilder(users.build(), items.build(), schema.totalRows());
    Batch batch = builder.newBatch(n);
    builder.fill(batch, ex, ex, labels, null, 0, n, null, 0);

    ModelConfig cfg = new ModelConfig(ModelType.DEEPFM, 4, List.of(8, 6), 0f, fast);
    try (WorkerPool pool = new WorkerPool(2)) {
      Kernels kern = fast ? Kernels.best() : Kernels.plain();
      Network net = Networks.create(cfg, schema, kern, pool);
      float[] p = floats(j.get("params"));
      assertThat(p).hasSize(net.layout().size());
      float[] logits = new float[n];
      net.predict(batch, p, logits);
      for (int b = 0; b < n; b++) {
        assertThat((double) logits[b]).as("logit %d", b).isCloseTo(j.get("logits").get(b).asDouble(), within(2e-5));
      }
      float[] g = new float[p.length];
      double loss = net.trainStep(batch, p, g, 1) / n;
      assertThat(loss).isCloseTo(j.get("loss").asDouble(), within(1e-6));
      float[] torchGrads = floats(j.get("grads"));
      for (ParamLayout.Slice s : net.layout().slices()) {
        for (int i = s.offset(); i < s.offset() + s.size(); i++) {
          assertThat((double) g[i]).as("d%s[%d]", s.name(), i - s.offset())
              .isCloseTo(torchGrads[i], within(1e-6 + 1e-4 * Math.abs(torchGrads[i])));
        }
      }
      new Adam(net.layout(), 1e-3, 1e-5, AdamMode.DENSE, kern, pool).step(batch, p, g);
      float[] after = floats(j.get("params_after_adam"));
      for (int i = 0; i < p.length; i++) {
        assertThat((double) p[i]).as("parameter %d after Adam", i).isCloseTo(after[i], within(2e-6));
      }
    }
  }

  private static float[] floats(JsonNode a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).asDouble();
    }
    return out;
  }
}
