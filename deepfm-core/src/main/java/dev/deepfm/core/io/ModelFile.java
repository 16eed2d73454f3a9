package dev.deepfm.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.data.IntCsr;
import dev.deepfm.core.data.ItemCatalog;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.model.ModelType;
import dev.deepfm.core.model.TrainedModel;
import dev.deepfm.core.schema.Field;
import dev.deepfm.core.schema.FieldKind;
import dev.deepfm.core.schema.Schema;
import dev.deepfm.core.schema.Side;
import dev.deepfm.core.schema.Vocabulary;
import dev.deepfm.core.util.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model file: one self-describing, versioned, checksummed file.
 *
 * <pre>
 *   bytes 0..7     magic "DEEPFM\0\n"
 *   bytes 8..11    format version, int32 little-endian (this code writes and reads 1)
 *   bytes 12..15   header length H, int32 little-endian
 *   H bytes        header: UTF-8 JSON (model config, schema, ids, titles, labels, provenance, and
 *                  the list of binary sections with their types and lengths)
 *   sections       little-endian float32 / int32 arrays, in header order: params, user and item
 *                  feature tables, training items per user
 *   32 bytes       SHA-256 of everything before it
 * </pre>
 *
 * Files are written to a temporary file in the same folder, flushed to disk, then renamed over the
 * target, so a reader never sees a half-written model. A truncated, corrupt, foreign or newer file
 * is refused with a message naming the file and the problem.
 */
public final class ModelFile {
  /** The format version this code writes; it reads this and every earlier one. */
  public static final int FORMAT_VERSION = 1;

  private static final byte[] MAGIC = {'D', 'E', 'E', 'P', 'F', 'M', 0, '\n'};
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelFile() {}

  /** Writes {@code bundle} to {@code path} atomically. */
  public static void write(ModelBundle bundle, Path path) throws IOException {
    byte[] bytes = encode(bundle);
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // not createTempFile: its owner-only permissions would stick to the model file
    Path tmp = dir.resolve("." + path.getFileName() + ".tmp-" + Long.toHexString(System.nanoTime()));
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The file's bytes. */
  public static byte[] encode(ModelBundle bundle) {
    TrainedModel model = bundle.model();
    Schema schema = model.schema();
    List<Object[]> sections = new ArrayList<>();
    sections.add(new Object[] {"params", model.params()});
    sections.add(new Object[] {"users.ptr", bundle.users().ptr()});
    sections.add(new Object[] {"users.rows", bundle.users().rows()});
    sections.add(new Object[] {"users.weights", bundle.users().weights()});
    sections.add(new Object[] {"items.ptr", bundle.items().ptr()});
    sections.add(new Object[] {"items.rows", bundle.items().rows()});
    sections.add(new Object[] {"items.weights", bundle.items().weights()});
    sections.add(new Object[] {"train.ptr", bundle.trainItems().ptr()});
    sections.add(new Object[] {"train.items", bundle.trainItems().values()});

    ObjectNode h = JSON.createObjectNode();
    h.put("format", "deepfm-model");
    h.put("format_version", FORMAT_VERSION);
    h.put("tool_version", Version.toolkit());
    h.put("created", Instant.now().toString());
    ObjectNode m = h.putObject("model");
    ModelConfig c = model.config();
    m.put("type", c.type().id());
    m.put("embed_dim", c.embedDim());
    ArrayNode hidden = m.putArray("hidden");
    c.hidden().forEach(hidden::add);
    m.put("dropout", c.dropout());
    ArrayNode fields = h.putArray("schema");
    for (Field f : schema.fields()) {
      ObjectNode fn = fields.addObject();
      fn.put("name", f.name());
      fn.put("kind", f.kind().name());
      fn.put("side", f.side().name());
      fn.put("vocab_size", f.vocabSize());
      fn.put("oov", f.oov());
    }
    ObjectNode users = h.putObject("users");
    users.put("count", bundle.users().size());
    putInts(users.putArray("fields"), bundle.users().fields());
    bundle.userIds().ids().forEach(users.putArray("ids")::add);
    ObjectNode items = h.putObject("items");
    items.put("count", bundle.items().size());
    putInts(items.putArray("fields"), bundle.items().fields());
    bundle.itemIds().ids().forEach(items.putArray("ids")::add);
    bundle.catalog().titles().forEach(items.putArray("titles")::add);
    ArrayNode tags = items.putArray("tags");
    bundle.catalog().tags().forEach(t -> t.forEach(tags.addArray()::add));
    h.set("field_labels", JSON.valueToTree(bundle.fieldLabels()));
    h.set("provenance", JSON.valueToTree(bundle.provenance()));
    ArrayNode list = h.putArray("sections");
    for (Object[] s : sections) {
      ObjectNode sn = list.addObject();
      sn.put("name", (String) s[0]);
      sn.put("type", s[1] instanceof float[] ? "f32" : "i32");
      sn.put("length", s[1] instanceof float[] f ? f.length : ((int[]) s[1]).length);
    }
    byte[] header;
    try {
      header = JSON.writeValueAsBytes(h);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    out.writeBytes(MAGIC);
    out.writeBytes(le(8).putInt(FORMAT_VERSION).putInt(header.length).array());
    out.writeBytes(header);
    for (Object[] s : sections) {
      if (s[1] instanceof float[] f) {
        ByteBuffer b = le(4 * f.length);
        b.asFloatBuffer().put(f);
        out.writeBytes(b.array());
      } else {
        int[] a = (int[]) s[1];
        ByteBuffer b = le(4 * a.length);
        b.asIntBuffer().put(a);
        out.writeBytes(b.array());
      }
    }
    out.writeBytes(sha256(out.toByteArray(), out.size()));
    return out.toByteArray();
  }

  private static void putInts(ArrayNode a, int[] values) {
    for (int v : values) {
      a.add(v);
    }
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] sha256(byte[] bytes, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(bytes, 0, length);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads and verifies a model file. */
  public static ModelBundle read(Path path) {
    return decode(readBytes(path), path.toString());
  }

  /**
   * A model file's bytes, undecoded, for callers that also need the raw file (a server hashing
   * what it serves); {@link #decode} them next.
   *
   * @throws ModelFileException if the file is missing or unreadable
   */
  public static byte[] readBytes(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new ModelFileException(path + ": no such model file");
    } catch (IOException e) {
      throw new ModelFileException(path + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /** The format version written in a model file's bytes, which {@link #decode} has accepted. */
  public static int formatVersion(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(MAGIC.length);
  }

  /** Decodes a model file's bytes; {@code name} is used in messages. */
  public static ModelBundle decode(byte[] bytes, String name) {
    if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new ModelFileException(name + ": not a deepfm model file (unknown format)");
    }
    if (bytes.length < 16 + 32) {
      throw new ModelFileException(name + ": truncated model file (" + bytes.length + " bytes)");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int version = formatVersion(bytes);
    if (version > FORMAT_VERSION) {
      throw new ModelFileException(name + ": made by a newer deepfm (model format " + version
          + "; this version reads up to " + FORMAT_VERSION + ")");
    }
    if (version < 1) {
      throw new ModelFileException(name + ": corrupt model file (format version " + version + ")");
    }
    int headerLength = in.getInt(12);
    boolean checksumOk = Arrays.equals(sha256(bytes, bytes.length - 32),
        Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length));
    JsonNode h = null;
    long expected = -1;
    if (headerLength > 0 && 16L + headerLength <= bytes.length) {
      try {
        h = JSON.readTree(new String(bytes, 16, headerLength, StandardCharsets.UTF_8));
        expected = 16L + headerLength + 32;
        for (JsonNode s : h.get("sections")) {
          expected += 4L * s.get("length").asLong();
        }
      } catch (IOException | RuntimeException e) {
        h = null;
      }
    }
    if (!checksumOk) {
      if (h == null && 16L + headerLength > bytes.length || expected > bytes.length) {
        throw new ModelFileException(name + ": truncated model file (" + bytes.length + " bytes"
            + (expected > 0 ? ", expected " + expected : "") + ")");
      }
      throw new ModelFileException(name + ": corrupt model file (checksum mismatch)");
    }
    if (h == null || expected != bytes.length) {
      throw new ModelFileException(name + ": corrupt model file (inconsistent header)");
    }
    try {
      return parse(h, in.position(16 + headerLength));
    } catch (RuntimeException e) {
      throw new ModelFileException(name + ": corrupt model file (" + e.getMessage() + ")", e);
    }
  }

  private static ModelBundle parse(JsonNode h, ByteBuffer in) {
    if (!"deepfm-model".equals(h.path("format").asText())) {
      throw new IllegalArgumentException("not a deepfm model header");
    }
    Map<String, Object> sections = new LinkedHashMap<>();
    for (JsonNode s : h.get("sections")) {
      int n = s.get("length").asInt();
      if (s.get("type").asText().equals("f32")) {
        float[] a = new float[n];
        in.asFloatBuffer().get(a);
        sections.put(s.get("name").asText(), a);
      } else {
        int[] a = new int[n];
        in.asIntBuffer().get(a);
        sections.put(s.get("name").asText(), a);
      }
      in.position(in.position() + 4 * n);
    }
    JsonNode m = h.get("model");
    List<Integer> hidden = new ArrayList<>();
    m.get("hidden").forEach(x -> hidden.add(x.asInt()));
    ModelConfig config = new ModelConfig(ModelType.parse(m.get("type").asText()),
        m.get("embed_dim").asInt(), hidden, (float) m.get("dropout").asDouble(), true);
    List<Field> fields = new ArrayList<>();
    for (JsonNode f : h.get("schema")) {
      fields.add(new Field(f.get("name").asText(), FieldKind.valueOf(f.get("kind").asText()),
          Side.valueOf(f.get("side").asText()), f.get("vocab_size").asInt(), f.path("oov").asBoolean(false)));
    }
    Schema schema = new Schema(fields);
    TrainedModel model = new TrainedModel(config, schema, (float[]) sections.get("params"));
    JsonNode u = h.get("users");
    JsonNode it = h.get("items");
    FeatureTable users = FeatureTable.fromArrays(schema, ints(u.get("fields")), u.get("count").asInt(),
        (int[]) sections.get("users.ptr"), (int[]) sections.get("users.rows"), (float[]) sections.get("users.weights"));
    FeatureTable items = FeatureTable.fromArrays(schema, ints(it.get("fields")), it.get("count").asInt(),
        (int[]) sections.get("items.ptr"), (int[]) sections.get("items.rows"), (float[]) sections.get("items.weights"));
    Vocabulary userIds = Vocabulary.of(strings(u.get("ids")));
    Vocabulary itemIds = Vocabulary.of(strings(it.get("ids")));
    List<List<String>> tags = new ArrayList<>();
    it.get("tags").forEach(t -> tags.add(strings(t)));
    ItemCatalog catalog = new ItemCatalog(strings(it.get("titles")), tags);
    IntCsr train = IntCsr.fromArrays((int[]) sections.get("train.ptr"), (int[]) sections.get("train.items"));
    Map<String, List<String>> labels = new LinkedHashMap<>();
    h.path("field_labels").fields().forEachRemaining(e -> labels.put(e.getKey(), strings(e.getValue())));
    @SuppressWarnings("unchecked")
    Map<String, Object> provenance = JSON.convertValue(h.path("provenance"), LinkedHashMap.class);
    if (provenance == null) {
      provenance = Map.of();
    }
    return new ModelBundle(model, users, items, userIds, itemIds, catalog, train, labels, provenance);
  }

  private static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>(a.size());
    a.forEach(x -> out.add(x.asText()));
    return out;
  }
}
