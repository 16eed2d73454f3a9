package dev.deepfm.core.serve;

import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.schema.Field;
import dev.deepfm.core.schema.Schema;
import dev.deepfm.core.schema.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns readable feature values into a one-entity {@link FeatureTable}, for a user (or item) the
 * model has never seen. Id fields with an out-of-vocabulary row take that row. A categorical value
 * is given by its label ("F", "writer"), compared without case; when the labels are numeric ranges
 * ("18-24", "25-34"), a number ("27") selects the range holding it. A multi-valued field takes
 * comma-separated labels, a numeric field a number.
 */
public final class FeatureEncoder {
  private static final Pattern RANGE = Pattern.compile("(-?\\d+(?:\\.\\d+)?)-(-?\\d+(?:\\.\\d+)?)");

  private final Schema schema;
  private final Map<String, List<String>> labels;
  private final Side side;

  /** An encoder for the fields of one side. */
  public FeatureEncoder(Schema schema, Map<String, List<String>> labels, Side side) {
    this.schema = schema;
    this.labels = labels;
    this.side = side;
  }

  /** The names of the fields a caller must give (all fields of the side except OOV id fields). */
  public List<String> requiredFields() {
    List<String> out = new ArrayList<>();
    for (int f : schema.fieldsOn(side)) {
      if (!schema.field(f).oov()) {
        out.add(schema.field(f).name());
      }
    }
    return out;
  }

  /** Encodes {@code values} (field name to readable value); every problem is an IllegalArgumentException naming the field. */
  public FeatureTable encode(Map<String, String> values) {
    List<String> required = requiredFields();
    for (String key : values.keySet()) {
      int f = schema.indexOf(key);
      if (f < 0 || schema.field(f).side() != side || schema.field(f).oov()) {
        throw new IllegalArgumentException("unknown feature '" + key + "' (expected " + String.join(", ", required) + ")");
      }
    }
    FeatureTable.Builder b = FeatureTable.builder(schema, schema.fieldsOn(side));
    for (int f : schema.fieldsOn(side)) {
      Field field = schema.field(f);
      if (field.oov()) {
        b.categorical(field.oovValue());
        continue;
      }
      String v = values.get(field.name());
      if (v == null) {
        throw new IllegalArgumentException("missing feature '" + field.name() + "' (expected " + String.join(", ", required) + ")");
      }
      switch (field.kind()) {
        case CATEGORICAL -> b.categorical(value(field, v.trim()));
        case MULTI_CATEGORICAL -> {
          TreeSet<Integer> ids = new TreeSet<>();
          for (String part : v.split(",")) {
            if (!part.isBlank()) {
              ids.add(value(field, part.trim()));
            }
          }
          b.multi(ids.stream().mapToInt(Integer::intValue).toArray());
        }
        case NUMERIC -> {
          try {
            b.numeric(Float.parseFloat(v.trim()));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("feature '" + field.name() + "': '" + v + "' is not a number");
          }
        }
        default -> throw new IllegalStateException();
      }
    }
    return b.build();
  }

  private int value(Field field, String v) {
    List<String> known = labels.get(field.name());
    if (known == null) {
      throw new IllegalArgumentException("feature '" + field.name() + "' has no readable values in this model");
    }
    for (int i = 0; i < known.size(); i++) {
      if (known.get(i).equalsIgnoreCase(v)) {
        return i;
      }
    }
    try {
      double x = Double.parseDouble(v);
      for (int i = 0; i < known.size(); i++) {
        Matcher m = RANGE.matcher(known.get(i));
        if (m.matches() && x >= Double.parseDouble(m.group(1)) && x <= Double.parseDouble(m.group(2))) {
          return i;
        }
      }
      if (known.stream().anyMatch(l -> RANGE.matcher(l).matches())) {
        throw new IllegalArgumentException("feature '" + field.name() + "': " + v + " is outside every range ("
            + String.join(", ", known) + ")");
      }
    } catch (NumberFormatException e) {
      // not a number: fall through to the error below
    }
    throw new IllegalArgumentException("feature '" + field.name() + "': unknown value '" + v + "' (expected one of "
        + String.join(", ", known.size() > 30 ? known.subList(0, 30) : known)
        + (known.size() > 30 ? ", ..." : "") + ")");
  }
}
