package dev.deepfm.core.analysis;

import dev.deepfm.core.io.ModelBundle;
import dev.deepfm.core.model.TrainedModel;
import dev.deepfm.core.nn.ParamLayout;
import dev.deepfm.core.schema.Field;
import dev.deepfm.core.schema.FieldKind;
import dev.deepfm.core.schema.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a trained DeepFM-family model learnt, as the reference notebook inspects it: the norms of
 * each field's embedding rows, the first-order weight of each genre (genre = 1 minus genre = 0 for
 * binary genre fields; the genre's own weight for a multi-valued genre field), and the nearest items
 * of an item by cosine similarity of item-id embeddings.
 */
public final class EmbeddingAnalysis {
  /**
   * Norm statistics of one field's embedding rows.
   *
   * @param field field name
   * @param size rows
   * @param meanNorm mean L2 norm
   * @param stdNorm standard deviation of the norms (population, as numpy's default)
   */
  public record FieldNorms(String field, int size, double meanNorm, double stdNorm) {}

  /**
   * A genre's first-order effect.
   *
   * @param genre genre name
   * @param weight positive: the genre raises the predicted probability
   */
  public record GenreWeight(String genre, double weight) {}

  /**
   * A similar item.
   *
   * @param itemId id
   * @param title title
   * @param cosine cosine similarity of the two items' id embeddings
   */
  public record Neighbour(String itemId, String title, double cosine) {}

  private final ModelBundle bundle;
  private final TrainedModel model;
  private final Schema schema;

  /** An analysis of the bundle's model, which must have an embedding table. */
  public EmbeddingAnalysis(ModelBundle bundle) {
    this.bundle = bundle;
    this.model = bundle.model();
    this.schema = model.schema();
    if (!model.layout().has("embedding")) {
      throw new IllegalArgumentException("model " + model.config().type().id() + " has no field embeddings to analyse");
    }
  }

  /** Norm statistics per field, in schema order. */
  public List<FieldNorms> fieldNorms() {
    ParamLayout.Slice e = model.layout().slice("embedding");
    int k = e.cols();
    List<FieldNorms> out = new ArrayList<>();
    for (int f = 0; f < schema.size(); f++) {
      Field field = schema.field(f);
      int n = field.vocabSize();
      double[] norms = new double[n];
      for (int r = 0; r < n; r++) {
        double s = 0;
        for (int j = 0; j < k; j++) {
          double v = model.param(e.at(schema.offset(f) + r, j));
          s += v * v;
        }
        norms[r] = Math.sqrt(s);
      }
      double mean = java.util.Arrays.stream(norms).average().orElse(0);
      double var = java.util.Arrays.stream(norms).map(x -> (x - mean) * (x - mean)).average().orElse(0);
      out.add(new FieldNorms(field.name(), n, mean, Math.sqrt(var)));
    }
    return out;
  }

  /** First-order genre effects, largest first; empty if the model has no first-order term or no genres. */
  public List<GenreWeight> genreWeights() {
    List<GenreWeight> out = new ArrayList<>();
    if (!model.layout().has("first_order")) {
      return out;
    }
    ParamLayout.Slice w = model.layout().slice("first_order");
    for (int f = 0; f < schema.size(); f++) {
      Field field = schema.field(f);
      if (field.name().startsWith("genre_") && field.kind() == FieldKind.CATEGORICAL && field.vocabSize() == 2) {
        double diff = model.param(w.at(schema.offset(f) + 1, 0)) - model.param(w.at(schema.offset(f), 0));
        out.add(new GenreWeight(field.name().substring("genre_".length()), diff));
      } else if (field.name().equals("genres") && field.kind() == FieldKind.MULTI_CATEGORICAL) {
        List<String> labels = bundle.fieldLabels().get("genres");
        for (int v = 0; v < field.vocabSize(); v++) {
          String name = labels != null && v < labels.size() ? labels.get(v) : "genre " + v;
          out.add(new GenreWeight(name, model.param(w.at(schema.offset(f) + v, 0))));
        }
      }
    }
    out.sort(Comparator.comparingDouble(GenreWeight::weight).reversed());
    return out;
  }

  /** The index of an item given by id, or else by a unique case-insensitive title substring. */
  public int findItem(String idOrTitle) {
    var byId = bundle.itemIds().indexOf(idOrTitle);
    if (byId.isPresent()) {
      return byId.getAsInt();
    }
    String needle = idOrTitle.toLowerCase(Locale.ROOT);
    List<Integer> hits = new ArrayList<>();
    List<String> titles = bundle.catalog().titles();
    for (int i = 0; i < titles.size(); i++) {
      if (titles.get(i).toLowerCase(Locale.ROOT).contains(needle)) {
        hits.add(i);
      }
    }
    if (hits.isEmpty()) {
      throw new IllegalArgumentException("no item with id or title '" + idOrTitle + "'");
    }
    if (hits.size() > 1) {
      String exact = null;
      for (int i : hits) {
        if (titles.get(i).equalsIgnoreCase(idOrTitle)) {
          exact = Integer.toString(i);
        }
      }
      if (exact != null) {
        return Integer.parseInt(exact);
      }
      throw new IllegalArgumentException("'" + idOrTitle + "' matches " + hits.size() + " titles, e.g. "
          + String.join("; ", hits.stream().limit(3).map(titles::get).toList()) + " (give the id)");
    }
    return hits.get(0);
  }

  /** The {@code n} items whose id embeddings are closest (cosine) to item {@code item}'s. */
  public List<Neighbour> nearest(int item, int n) {
    int f = schema.indexOf("item_id");
    if (f < 0) {
      throw new IllegalArgumentException("the model has no item_id field");
    }
    ParamLayout.Slice e = model.layout().slice("embedding");
    int k = e.cols();
    int items = bundle.itemIds().size();
    double[][] v = new double[items][k];
    double[] norm = new double[items];
    for (int i = 0; i < items; i++) {
      for (int j = 0; j < k; j++) {
        v[i][j] = model.param(e.at(schema.offset(f) + i, j));
        norm[i] += v[i][j] * v[i][j];
      }
      norm[i] = Math.sqrt(norm[i]);
    }
    List<Neighbour> all = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      if (i == item) {
        continue;
      }
      double dot = 0;
      for (int j = 0; j < k; j++) {
        dot += v[item][j] * v[i][j];
      }
      double cos = norm[i] == 0 || norm[item] == 0 ? 0 : dot / (norm[i] * norm[item]);
      all.add(new Neighbour(bundle.itemIds().id(i), bundle.catalog().titles().get(i), cos));
    }
    all.sort(Comparator.comparingDouble(Neighbour::cosine).reversed().thenComparing(Neighbour::itemId));
    return all.subList(0, Math.min(n, all.size()));
  }
}
