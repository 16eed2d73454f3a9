package dev.deepfm.core.io;

import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.data.IntCsr;
import dev.deepfm.core.data.ItemCatalog;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.model.TrainedModel;
import dev.deepfm.core.schema.Vocabulary;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to serve a trained model without the training data: the model, the encoded
 * features of every known user and item, the original ids, what to show for items, each user's
 * training items (never recommended back), readable value labels, and provenance.
 *
 * @param model the trained model
 * @param users features of every known user
 * @param items features of every item
 * @param userIds original user ids by index
 * @param itemIds original item ids by index
 * @param catalog titles and tags by item index
 * @param trainItems each user's training items, sorted
 * @param fieldLabels readable labels of categorical field values, by field name
 * @param provenance how the model was made (config, seed, data fingerprint, metrics, versions)
 */
public record ModelBundle(TrainedModel model, FeatureTable users, FeatureTable items,
    Vocabulary userIds, Vocabulary itemIds, ItemCatalog catalog, IntCsr trainItems,
    Map<String, List<String>> fieldLabels, Map<String, Object> provenance) {

  /** Checks that the parts describe the same users and items. */
  public ModelBundle {
    fieldLabels = Map.copyOf(fieldLabels);
    provenance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
    if (users.size() != userIds.size() || trainItems.rows() != userIds.size()) {
      throw new IllegalArgumentException("user table, ids and training items disagree");
    }
    if (items.size() != itemIds.size() || catalog.size() != itemIds.size()) {
      throw new IllegalArgumentException("item table, ids and catalogue disagree");
    }
  }

  /** The bundle of a model trained on {@code data}. */
  public static ModelBundle of(TrainedModel model, RecData data, Map<String, Object> provenance) {
    return new ModelBundle(model, data.users(), data.items(), data.userIds(), data.itemIds(),
        data.catalog(), data.split().trainByUser(), data.fieldLabels(), provenance);
  }
}
