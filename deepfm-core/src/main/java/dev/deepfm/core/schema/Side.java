package dev.deepfm.core.schema;

/**
 * Which entity a field describes. Ranking relies on it: a user's fields are the same for every
 * candidate item, so their contribution to the first MLP layer and to the FM terms is computed once
 * per user, and an item's once per item.
 */
public enum Side {
  /** Describes the user (user id, age, gender...). */
  USER,
  /** Describes the item (item id, genres...). */
  ITEM,
  /** Describes the event itself (CTR data without users and items). */
  CONTEXT
}
