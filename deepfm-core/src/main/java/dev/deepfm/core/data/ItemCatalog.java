package dev.deepfm.core.data;

import java.util.List;

/**
 * What a person needs to recognise an item: a title and a list of tags (genres), by item index.
 *
 * @param titles title of each item
 * @param tags tags of each item
 */
public record ItemCatalog(List<String> titles, List<List<String>> tags) {

  /** Checks that both lists describe the same items. */
  public ItemCatalog {
    titles = List.copyOf(titles);
    tags = tags.stream().map(List::copyOf).toList();
    if (titles.size() != tags.size()) {
      throw new IllegalArgumentException("titles and tags differ in length");
    }
  }

  /** A catalogue with the item ids as titles and no tags. */
  public static ItemCatalog untitled(List<String> ids) {
    return new ItemCatalog(ids, ids.stream().map(x -> List.<String>of()).toList());
  }

  /** Number of items. */
  public int size() {
    return titles.size();
  }
}
