/// The members of a JSON object, in the order they were written.
///
/// Keys are unique. Lookup is linear, which is the fastest choice for the small objects of a
/// manifest. Equality ignores order: `{"a":1,"b":2}` equals `{"b":2,"a":1}`.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
  /// One key and its value.
  public struct Member: Sendable, Hashable {
    public var key: String
    public var value: JSONValue

    public init(key: String, value: JSONValue) {
      self.key = key
      self.value = value
    }
  }

  public private(set) var members: [Member]

  /// Creates an object from members whose keys are unique.
  public init(_ members: [Member] = []) {
    self.members = members
  }

  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    members = elements.map { Member(key: $0.0, value: $0.1) }
  }

  public var startIndex: Int { members.startIndex }
  public var endIndex: Int { members.endIndex }
  public subscript(position: Int) -> Member { members[position] }

  /// The keys, in order.
  public var keys: [String] { members.map(\.key) }

  /// The value for `key`; setting a value replaces the member in place or appends it, and
  /// setting `nil` removes it.
  public subscript(key: String) -> JSONValue? {
    get {
      for member in members where member.key == key { return member.value }
      return nil
    }
    set {
      if let index = members.firstIndex(where: { $0.key == key }) {
        if let newValue {
          members[index].value = newValue
        } else {
          members.remove(at: index)
        }
      } else if let newValue {
        members.append(Member(key: key, value: newValue))
      }
    }
  }

  /// Appends a member without looking for an existing one with the same key: the caller knows
  /// the key is new (the generated model writes each of its fields once).
  public mutating func append(_ key: String, _ value: JSONValue) {
    members.append(Member(key: key, value: value))
  }

  mutating func reserveCapacity(_ capacity: Int) {
    members.reserveCapacity(capacity)
  }

  public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
    guard lhs.members.count == rhs.members.count else { return false }
    if lhs.members == rhs.members { return true }
    for member in lhs.members {
      guard let other = rhs[member.key], other == member.value else { return false }
    }
    return true
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(members.count)
    var combined = 0
    for member in members {
      var memberHasher = Hasher()
      memberHasher.combine(member.key)
      memberHasher.combine(member.value)
      combined ^= memberHasher.finalize()
    }
    hasher.combine(combined)
  }
}
