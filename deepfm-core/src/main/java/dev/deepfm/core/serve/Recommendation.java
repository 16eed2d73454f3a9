package dev.deepfm.core.serve;

import java.util.List;

/**
 * One recommended item.
 *
 * @param rank 1-based position
 * @param itemId the item's id as in the data
 * @param title the item's title
 * @param tags the item's tags (genres)
 * @param score the model's logit
 * @param probability {@code sigmoid(score)}, the predicted probability of a positive
 */
public record Recommendation(int rank, String itemId, String title, List<String> tags, float score,
    double probability) {}
