package dev.deepfm.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.data.IntCsr;
import dev.deepfm.core.data.ItemCatalog;
import dev.deepfm.core.io.ModelBundle;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.model.ModelType;
import dev.deepfm.core.model.TrainedModel;
import dev.deepfm.core.nn.ParamLayout;
import dev.deepfm.core.schema.Field;
import dev.deepfm.core.schema.Schema;
import dev.deepfm.core.schema.Side;
import dev.deepfm.core.schema.Vocabulary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The analysis on a model whose parameters are set by hand. */
class EmbeddingAnalysisTest {
  private static ModelBundle bundle() {
    Schema schema = new Schema(List.of(Field.categorical("user_id", Side.USER, 2),
        Field.categorical("item_id", Side.ITEM, 3), Field.categorical("genre_Drama", Side.ITEM, 2),
        Field.categorical("genre_War", Side.ITEM, 2)));
    ModelConfig cfg = new ModelConfig(ModelType.FM, 2, List.of(), 0f, true);
    int size = new TrainedModel(cfg, schema, new float[1 + 9 + 18]).parameterCount();
    float[] p = new float[size];
    TrainedModel probe = new TrainedModel(cfg, schema, p);
    ParamLayout.Slice e = probe.layout().slice("embedding");
    ParamLayout.Slice w = probe.layout().slice("first_order");
    // user rows: (3, 4) and (0, 0): norms 5 and 0
    p[e.at(0, 0)] = 3;
    p[e.at(0, 1)] = 4;
    // items: (1, 0), (2, 0.1), (0, 1): item 1 is nearest item 0
    p[e.at(2, 0)] = 1;
    p[e.at(3, 0)] = 2;
    p[e.at(3, 1)] = 0.1f;
    p[e.at(4, 1)] = 1;
    // genre first-order weights: Drama 0 -> 0.1, 1 -> 0.4 (+0.3); War 0 -> 0.2, 1 -> 0.1 (-0.1)
    p[w.at(5, 0)] = 0.1f;
    p[w.at(6, 0)] = 0.4f;
    p[w.at(7, 0)] = 0.2f;
    p[w.at(8, 0)] = 0.1f;
    TrainedModel model = new TrainedModel(cfg, schema, p);
    FeatureTable users = FeatureTable.builder(schema, 0).categorical(0).categorical(1).build();
    FeatureTable.Builder it = FeatureTable.builder(schema, 1, 2, 3);
    for (int i = 0; i < 3; i++) {
      it.categorical(i).categorical(0).categorical(1);
    }
    return new ModelBundle(model, users, it.build(), Vocabulary.of(List.of("a", "b")),
        Vocabulary.of(List.of("10", "20", "30")), new ItemCatalog(List.of("Alpha (1990)", "Beta (1991)", "Gamma (1992)"),
            List.of(List.of(), List.of(), List.of())), IntCsr.fromArrays(new int[] {0, 0, 0}, new int[0]), Map.of(), Map.of());
  }

  @Test
  void fieldNorms() {
    var norms = new EmbeddingAnalysis(bundle()).fieldNorms();
    assertThat(norms.get(0).field()).isEqualTo("user_id");
    assertThat(norms.get(0).size()).isEqualTo(2);
    assertThat(norms.get(0).meanNorm()).isCloseTo(2.5, within(1e-6));
    assertThat(norms.get(0).stdNorm()).isCloseTo(2.5, within(1e-6));
    double n1 = Math.sqrt(4 + 0.01);
    assertThat(norms.get(1).meanNorm()).isCloseTo((1 + n1 + 1) / 3, within(1e-6));
  }

  @Test
  void genreWeightsAreOneMinusZeroSorted() {
    var g = new EmbeddingAnalysis(bundle()).genreWeights();
    assertThat(g).hasSize(2);
    assertThat(g.get(0).genre()).isEqualTo("Drama");
    assertThat(g.get(0).weight()).isCloseTo(0.3, within(1e-6));
    assertThat(g.get(1).genre()).isEqualTo("War");
    assertThat(g.get(1).weight()).isCloseTo(-0.1, within(1e-6));
  }

  @Test
  void nearestByCosine() {
    EmbeddingAnalysis a = new EmbeddingAnalysis(bundle());
    var near = a.nearest(a.findItem("alpha"), 2);
    assertThat(near.get(0).itemId()).isEqualTo("20");
    assertThat(near.get(0).cosine()).isCloseTo(2 / Math.sqrt(4.01), within(1e-6));
    assertThat(near.get(1).itemId()).isEqualTo("30");
    assertThat(near.get(1).cosine()).isCloseTo(0, within(1e-9));
    assertThat(a.findItem("30")).isEqualTo(2);
    assertThatThrownBy(() -> a.findItem("(199")).hasMessageContaining("matches 3 titles");
    assertThatThrownBy(() -> a.findItem("Omega")).hasMessageContaining("no item");
  }
}
