/// Stores an optional value out of line, behind a copy-on-write box.
///
/// The model's structs are large (a `Template` has dozens of fields) and mostly empty. Keeping
/// each optional nested struct in a box makes an absent field cost one pointer, lets `Template`
/// contain tasks that contain templates, and keeps a 50,000-task DAG small. Mutation through the
/// wrapper (`task.arguments!.parameters.append(...)`) happens in place when the box is not shared.
@propertyWrapper
public struct Indirect<Value: Hashable & Sendable>: Hashable, Sendable {
  private var box: Box?

  public init(wrappedValue: Value?) {
    box = wrappedValue.map(Box.init)
  }

  /// An empty box.
  public init() {
    box = nil
  }

  public var wrappedValue: Value? {
    get { box?.value }
    _modify {
      var value: Value?
      if box != nil, isKnownUniquelyReferenced(&box!) {
        // Move the value out so that its own storage is uniquely referenced while it is changed.
        value = box!.take()
      } else {
        value = box?.value
      }
      box = nil
      defer { box = value.map(Box.init) }
      yield &value
    }
    set { box = newValue.map(Box.init) }
  }

  /// Applies `transform` to the value in its box, without copying the value out.
  func map<Result>(_ transform: (Value) -> Result) -> Result? {
    guard let box else { return nil }
    return transform(box.value)
  }

  public static func == (lhs: Indirect, rhs: Indirect) -> Bool {
    switch (lhs.box, rhs.box) {
    case (nil, nil): return true
    case (let left?, let right?): return left === right || left.value == right.value
    default: return false
    }
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(box?.value)
  }

  /// The box. Its value only changes while the box is uniquely referenced (see `take`), so
  /// sharing it between threads is safe.
  private final class Box: @unchecked Sendable {
    private(set) var value: Value!

    init(_ value: Value) {
      self.value = value
    }

    /// Empties the box and returns its value; only called on a uniquely referenced box.
    func take() -> Value {
      let taken = value!
      value = nil
      return taken
    }
  }
}
