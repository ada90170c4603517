/// How model values are read from JSON values.
public struct ModelDecodingOptions: Sendable, Hashable {
  /// Whether a field the schema does not define is an error (`true`, Argo's strict mode) or is
  /// kept in the value's `unknownFields` and written back unchanged (`false`).
  public var rejectsUnknownFields: Bool
  /// Whether a field the schema requires must be present (`true`), or takes an empty value
  /// (`false`, for a server's answers trimmed with `fields=`).
  public var rejectsMissingFields: Bool

  public init(rejectsUnknownFields: Bool, rejectsMissingFields: Bool) {
    self.rejectsUnknownFields = rejectsUnknownFields
    self.rejectsMissingFields = rejectsMissingFields
  }

  /// Unknown fields are errors, as in `argo lint --strict`: for manifests a person wrote, where an
  /// unknown field is a typo. Fields the schema marks required may be absent, as Argo's decoder
  /// lets them be (it has no notion of required fields): lint says which of them Argo's
  /// validation needs (a parameter's name, a container's image, ...), so that nothing Argo runs is
  /// refused while reading.
  public static let strict = ModelDecodingOptions(rejectsUnknownFields: true, rejectsMissingFields: false)
  /// Unknown fields are kept and missing required fields tolerated: for a server's answers and
  /// manifests from a newer Argo. A key that differs from a field's name only in case is read as
  /// that field when the exact name is absent, as Go's `encoding/json` reads it (`argo submit`
  /// and `argo lint --strict=false`).
  public static let preserving = ModelDecodingOptions(rejectsUnknownFields: false, rejectsMissingFields: false)
  /// Every rule of the JSON schema: unknown fields and missing required fields are errors.
  public static let schema = ModelDecodingOptions(rejectsUnknownFields: true, rejectsMissingFields: true)
}

/// A value of the model that converts to and from a `JSONValue`.
///
/// Every type of the model conforms. Conversion keeps what it does not know when the options
/// allow, so that `T(json: v, options: .preserving).toJSON() == v` for any well-typed `v`.
public protocol JSONConvertible: Sendable {
  /// Reads a value, or throws an error whose path says where inside `json` the problem is.
  init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError)

  /// The value as JSON, with keys in the model's stable order.
  func toJSON() -> JSONValue
}

extension CodingUserInfoKey {
  /// Set to `true` in a `Decoder`'s `userInfo` to read model values strictly through `Codable`
  /// (unknown fields and missing required fields are errors); by default they are tolerated.
  public static let argoRejectsUnknownFields = CodingUserInfoKey(rawValue: "argoRejectsUnknownFields")!
}

extension ModelDecodingOptions {
  /// The options a `Codable` decoder asks for through its `userInfo`.
  public init(_ decoder: any Decoder) {
    let strict = decoder.userInfo[.argoRejectsUnknownFields] as? Bool ?? false
    self = strict ? .strict : .preserving
  }
}

// MARK: - Scalars and collections

extension String: JSONConvertible {
  /// Reads a string. A number or a Boolean is taken as its text, as Kubernetes does for YAML
  /// (`name: 2009` is the name "2009").
  public init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError) {
    switch json {
    case .string(let string): self = string
    case .number(let number): self = number.text
    case .bool(let bool): self = bool ? "true" : "false"
    default: throw .typeMismatch(expected: .string, found: json)
    }
  }

  public func toJSON() -> JSONValue { .string(self) }
}

extension Int: JSONConvertible {
  public init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError) {
    guard case .number(let number) = json else { throw .typeMismatch(expected: .integer, found: json) }
    guard let int = number.intValue else {
      throw ManifestError(.invalidValue, "expected an integer, found \(number.text)")
    }
    self = int
  }

  public func toJSON() -> JSONValue { .number(JSONNumber(self)) }
}

extension Bool: JSONConvertible {
  public init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError) {
    guard case .bool(let bool) = json else { throw .typeMismatch(expected: .boolean, found: json) }
    self = bool
  }

  public func toJSON() -> JSONValue { .bool(self) }
}

extension JSONValue: JSONConvertible {
  public init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError) {
    self = json
  }

  public func toJSON() -> JSONValue { self }
}

extension Array: JSONConvertible where Element: JSONConvertible {
  public init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError) {
    guard case .array(let elements) = json else { throw .typeMismatch(expected: .array, found: json) }
    var result: [Element] = []
    result.reserveCapacity(elements.count)
    for (index, element) in elements.enumerated() {
      do {
        result.append(try Element(json: element, options: options))
      } catch {
        throw error.nested(in: .index(index))
      }
    }
    self = result
  }

  public func toJSON() -> JSONValue { .array(map { $0.toJSON() }) }
}

extension Dictionary: JSONConvertible where Key == String, Value: JSONConvertible {
  public init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError) {
    guard case .object(let object) = json else { throw .typeMismatch(expected: .object, found: json) }
    var result: [String: Value] = [:]
    result.reserveCapacity(object.count)
    for member in object {
      do {
        result[member.key] = try Value(json: member.value, options: options)
      } catch {
        throw error.nested(in: .key(member.key))
      }
    }
    self = result
  }

  /// The map as a JSON object with its keys sorted, as Kubernetes writes maps.
  public func toJSON() -> JSONValue {
    var object = JSONObject()
    object.reserveCapacity(count)
    for key in keys.sorted() {
      object.append(key, self[key]!.toJSON())
    }
    return .object(object)
  }
}

// MARK: - Helpers for the generated model

/// The members of an object, or a type mismatch.
@inline(__always)
func objectMembers(_ json: JSONValue) throws(ManifestError) -> JSONObject {
  guard case .object(let object) = json else { throw .typeMismatch(expected: .object, found: json) }
  return object
}

/// Reads the value of member `key`, putting `key` in the path of any error.
@inline(__always)
func decodeMember<T: JSONConvertible>(
  _ value: JSONValue, key: String, options: ModelDecodingOptions
) throws(ManifestError) -> T {
  do {
    return try T(json: value, options: options)
  } catch {
    throw error.nested(in: .key(key))
  }
}

/// Reads the value of an optional member: `null` means absent.
@inline(__always)
func decodeOptionalMember<T: JSONConvertible>(
  _ value: JSONValue, key: String, options: ModelDecodingOptions
) throws(ManifestError) -> T? {
  if case .null = value { return nil }
  return try decodeMember(value, key: key, options: options) as T
}

/// Reads one member's value into a value under construction.
typealias FieldReader<Value> = @Sendable (inout Value, JSONValue, ModelDecodingOptions) throws(ManifestError) -> Void

/// Reads an object's members into `value` with the reader of each, and returns the members no
/// reader knows (or rejects them, in strict mode).
func readFields<Value>(
  of json: JSONValue, into value: inout Value, readers: [String: FieldReader<Value>], required: [String],
  knownFields: [String], typeName: String, options: ModelDecodingOptions
) throws(ManifestError) -> JSONObject {
  let object = try objectMembers(json)
  var unknown = JSONObject()
  for member in object {
    if let reader = readers[member.key] {
      try reader(&value, member.value, options)
    } else if !options.rejectsUnknownFields, let field = caseInsensitiveMatch(member.key, knownFields: knownFields, object: object),
      let reader = readers[field]
    {
      try reader(&value, member.value, options)
    } else {
      try keepUnknownMember(member, into: &unknown, knownFields: knownFields, typeName: typeName, options: options)
    }
  }
  if options.rejectsMissingFields {
    for key in required {
      if object[key] == nil || object[key] == .null { throw missingMember(key, typeName: typeName) }
    }
  }
  return unknown
}

/// Reads the value of an optional member into a box (`null` means absent), so that the caller's
/// stack frame never holds the value itself.
@inline(never)
func decodeIndirectMember<T: JSONConvertible>(
  _ value: JSONValue, key: String, options: ModelDecodingOptions
) throws(ManifestError) -> Indirect<T> {
  Indirect(wrappedValue: try decodeOptionalMember(value, key: key, options: options))
}

/// Appends the boxed value under `key` when it is present.
@inline(never)
func appendMember<T: JSONConvertible>(_ object: inout JSONObject, _ key: String, _ value: Indirect<T>) {
  if let json = value.map({ $0.toJSON() }) { object.append(key, json) }
}

/// The field a key names when only its case differs (`Parameter` for `parameter`) and the object
/// does not also have the field under its exact name, as Go's `encoding/json` matches keys.
func caseInsensitiveMatch(_ key: String, knownFields: [String], object: JSONObject) -> String? {
  let folded = key.lowercased()
  guard let field = knownFields.first(where: { $0.lowercased() == folded }), object[field] == nil else { return nil }
  return field
}

/// Keeps a member the type does not define, or rejects it in strict mode with a suggestion.
func keepUnknownMember(
  _ member: JSONObject.Member, into unknown: inout JSONObject, knownFields: [String], typeName: String,
  options: ModelDecodingOptions
) throws(ManifestError) {
  guard options.rejectsUnknownFields else {
    unknown.append(member.key, member.value)
    return
  }
  var hint = "\(typeName) has no such field"
  if let removed = removedFields["\(typeName).\(member.key)"] {
    hint = removed
  } else if let field = knownFields.first(where: { $0.lowercased() == member.key.lowercased() }) {
    hint = "field names are case-sensitive: write \"\(field)\" (Argo reads \"\(member.key)\" as \"\(field)\" only without --strict)"
  } else if let suggestion = closestName(to: member.key, among: knownFields) {
    hint = "did you mean \"\(suggestion)\"?"
  }
  throw ManifestError(.unknownField, "unknown field \"\(member.key)\"", path: ValuePath([.key(member.key)]), hint: hint)
}

/// Fields that Argo 3 had and Argo 4 removed, with what replaces them: manifests written for
/// Argo 3 (and Hera's older examples) still use them.
let removedFields: [String: String] = [
  "Synchronization.mutex": "Argo 4 replaced `mutex` with `mutexes`, a list: `mutexes: [{name: ...}]`",
  "Synchronization.semaphore": "Argo 4 replaced `semaphore` with `semaphores`, a list: `semaphores: [{configMapKeyRef: ...}]`",
  "CronWorkflowSpec.schedule": "Argo 4 replaced `schedule` with `schedules`, a list: `schedules: [\"0 * * * *\"]`",
  "WorkflowSpec.podPriority": "Argo 4 removed `podPriority`; use `podPriorityClassName`",
  "LocalObjectReference.key": "a memoize cache names only its ConfigMap since Argo 4: `cache: {configMap: {name: ...}}`",
]

/// The error for a required field that is absent (or `null`).
func missingMember(_ key: String, typeName: String) -> ManifestError {
  ManifestError(.missingField, "\(typeName) requires the field \"\(key)\"")
}

/// Checks a field with a single allowed value (`apiVersion`, `kind`).
func checkConstant(
  _ value: String?, _ expected: String, key: String, options: ModelDecodingOptions
) throws(ManifestError) {
  guard options.rejectsUnknownFields, let value, value != expected else { return }
  throw ManifestError(.invalidValue, "expected \"\(expected)\", found \"\(value)\"", path: ValuePath([.key(key)]))
}

/// Appends `value` under `key` when it is present.
@inline(__always)
func appendMember<T: JSONConvertible>(_ object: inout JSONObject, _ key: String, _ value: T?) {
  if let value { object.append(key, value.toJSON()) }
}

/// Appends members kept from reading.
@inline(__always)
func appendUnknownMembers(_ object: inout JSONObject, _ unknown: JSONObject) {
  for member in unknown { object.append(member.key, member.value) }
}

/// The known name nearest to `name` (a typo, a wrong case, a snake_case spelling), if any is close.
func closestName(to name: String, among candidates: [String]) -> String? {
  Spelling.closest(to: name, among: candidates)
}

/// Suggestions for misspelt names, shared by the reader, lint and settings.
public enum Spelling {
  /// The candidate nearest to `name` when one is close enough to be a likely typo: the same
  /// name in another case or with `_`/`-` changed, or a few letters apart.
  public static func closest(to name: String, among candidates: [String]) -> String? {
    let folded = name.lowercased().filter { $0 != "_" && $0 != "-" }
    var best: (name: String, distance: Int)?
    for candidate in candidates.sorted() {
      let candidateFolded = candidate.lowercased().filter { $0 != "_" && $0 != "-" }
      if candidateFolded == folded { return candidate }
      let distance = editDistance(folded, candidateFolded)
      if distance <= max(1, min(3, folded.count / 4)), distance < (best?.distance ?? .max) {
        best = (candidate, distance)
      }
    }
    return best?.name
  }

  /// The edit distance between two strings' bytes, where inserting, deleting or replacing a
  /// letter, or swapping two neighbours (the commonest typo: `vintgae`), counts as one edit
  /// (the optimal string alignment distance), with three rows of memory.
  public static func editDistance(_ left: String, _ right: String) -> Int {
    let a = Array(left.utf8)
    let b = Array(right.utf8)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        var best = Swift.min(substitution, previous[j] + 1, current[j - 1] + 1)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          best = Swift.min(best, beforePrevious[j - 2] + 1)
        }
        current[j] = best
      }
      (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
  }
}

// MARK: - Codable through JSONValue

extension JSONConvertible where Self: Decodable {
  /// Decodes the value through its JSON form, with the options of the decoder's `userInfo`
  /// (unknown fields are kept unless `argoRejectsUnknownFields` is `true`).
  public init(from decoder: any Decoder) throws {
    try self.init(json: JSONValue(from: decoder), options: ModelDecodingOptions(decoder))
  }
}

extension JSONConvertible where Self: Encodable {
  public func encode(to encoder: any Encoder) throws {
    try toJSON().encode(to: encoder)
  }
}
