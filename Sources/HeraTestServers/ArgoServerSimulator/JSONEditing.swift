import ArgoModel
import Foundation

// The simulator keeps Argo's objects as JSON values, so that whatever a client sends (fields a
// newer Argo added included) is stored and answered back as it came. These helpers read and
// write members along a path.

extension JSONValue {
  /// The value at a path of object members, `nil` when a step is missing.
  func at(_ keys: String...) -> JSONValue? {
    at(keys)
  }

  func at(_ keys: [String]) -> JSONValue? {
    var current: JSONValue? = self
    for key in keys { current = current?[key] }
    return current
  }

  /// Sets the value at a path of members, making the objects on the way; `nil` removes it.
  mutating func set(_ keys: String..., to value: JSONValue?) {
    set(keys[...], to: value)
  }

  mutating func set(_ keys: ArraySlice<String>, to value: JSONValue?) {
    guard let key = keys.first else {
      if let value { self = value }
      return
    }
    var object = objectValue ?? JSONObject()
    if keys.count == 1 {
      object[key] = value
    } else {
      var child: JSONValue
      if let existing = object[key] {
        child = existing
      } else if value != nil {
        child = .object(JSONObject())
      } else {
        return
      }
      child.set(keys.dropFirst(), to: value)
      object[key] = child
    }
    self = .object(object)
  }

  /// The strings of a member that is a string map (labels, annotations).
  var stringMap: [String: String] {
    var map: [String: String] = [:]
    for member in objectValue ?? [:] { map[member.key] = member.value.scalarText ?? "" }
    return map
  }

  /// The elements when the value is an array, else none.
  var elements: [JSONValue] { arrayValue ?? [] }

  /// Compact JSON text.
  var compactText: String {
    var writer = JSONWriter(style: .compact)
    writer.write(self)
    return writer.string
  }

  /// Compact JSON bytes.
  var compactBytes: [UInt8] {
    var writer = JSONWriter(style: .compact)
    writer.write(self)
    return writer.bytes
  }

  /// The value with object members sorted by key at every level, as Go's encoding/json writes
  /// maps (used for item names in fan-outs).
  var sortedKeys: JSONValue {
    switch self {
    case .object(let object):
      let members = object.members.sorted { $0.key < $1.key }.map { JSONObject.Member(key: $0.key, value: $0.value.sortedKeys) }
      return .object(JSONObject(members))
    case .array(let elements):
      return .array(elements.map(\.sortedKeys))
    default:
      return self
    }
  }

  /// The kind of value, in the words of Go's encoding/json errors.
  var goKind: String {
    switch self {
    case .null: return "null"
    case .bool: return "bool"
    case .number: return "number"
    case .string: return "string"
    case .array: return "array"
    case .object: return "object"
    }
  }

  /// Reads one JSON document, or `nil` when the bytes are not JSON.
  static func parse(_ bytes: [UInt8]) -> JSONValue? {
    var options = ManifestReader.Options.preserving
    options.maxBytes = 64 << 20
    return try? ManifestReader(options: options).values(bytes, format: .json).first
  }
}

extension JSONObject {
  /// An object from string pairs, in the order given.
  init(strings: [(String, String)]) {
    self.init(strings.map { JSONObject.Member(key: $0.0, value: .string($0.1)) })
  }
}

/// Times as Kubernetes writes them.
enum KubernetesTime {
  /// RFC 3339 with seconds, as `metav1.Time` marshals: `2026-08-21T10:04:05Z`.
  static func seconds(_ date: Date) -> String {
    let (fields, _) = utcFields(date)
    return fields
  }

  /// RFC 3339 with nanoseconds, as the kubelet stamps log lines: `2026-08-21T10:04:05.123456789Z`.
  static func nanoseconds(_ date: Date) -> String {
    let (fields, nanos) = utcFields(date)
    return String(fields.dropLast()) + String(format: ".%09dZ", nanos)
  }

  private static func utcFields(_ date: Date) -> (String, Int) {
    let interval = date.timeIntervalSince1970
    var seconds = time_t(interval.rounded(.down))
    let nanos = Int(((interval - interval.rounded(.down)) * 1_000_000_000).rounded(.down))
    var parts = tm()
    gmtime_r(&seconds, &parts)
    let text = String(
      format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour),
      Int(parts.tm_min), Int(parts.tm_sec))
    return (text, min(nanos, 999_999_999))
  }
}

/// Gzip without compression: a gzip header, the data in stored deflate blocks, then the CRC-32
/// and the size. Every gzip reader accepts it, and it needs no zlib.
enum StoredGzip {
  static func wrap(_ data: [UInt8]) -> [UInt8] {
    var output: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
    var offset = 0
    repeat {
      let length = min(65_535, data.count - offset)
      let final = offset + length == data.count
      output.append(final ? 0x01 : 0x00)
      output.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
      let complement = ~UInt16(length)
      output.append(contentsOf: [UInt8(complement & 0xFF), UInt8(complement >> 8)])
      output.append(contentsOf: data[offset..<offset + length])
      offset += length
    } while offset < data.count
    output.append(contentsOf: littleEndian(crc32(data)))
    output.append(contentsOf: littleEndian(UInt32(truncatingIfNeeded: data.count)))
    return output
  }

  private static func littleEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
  }

  private static let table: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
    return value
  }

  static func crc32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    return ~crc
  }
}

/// Deterministic names and UIDs, so that a test sees the same ones on every run.
struct NameGenerator: Sendable {
  private var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  /// SplitMix64: small, fast, and good enough for names.
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }

  /// Kubernetes' generateName suffix: five characters from its alphabet, which leaves out
  /// vowels and look-alike digits so that no word is spelt by chance.
  mutating func suffix() -> String {
    ObjectMeta.randomNameSuffix { Int(next() % UInt64($0)) }
  }

  /// A version 4 UUID, lower case.
  mutating func uid() -> String {
    let high = next()
    let low = next()
    var bytes: [UInt8] = []
    for word in [high, low] {
      for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }
    bytes[6] = (bytes[6] & 0x0F) | 0x40
    bytes[8] = (bytes[8] & 0x3F) | 0x80
    let hex = bytes.map { String(format: "%02x", $0) }.joined()
    let characters = Array(hex)
    return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
  }
}
