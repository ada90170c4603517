/// Keeps a value in one shared, copy-on-write box: copying what holds it costs one reference
/// count, however many fields the value has. Tasks and steps are copied into every edge and
/// group that mentions them, so this keeps a 50,000-task DAG quick to build.
@propertyWrapper
struct CopyOnWrite<Value: Hashable & Sendable>: Hashable, Sendable {
  /// Only changed while uniquely referenced (see `wrappedValue`), so sharing it is safe.
  private final class Storage: @unchecked Sendable {
    var value: Value

    init(_ value: Value) {
      self.value = value
    }
  }

  private var storage: Storage

  init(wrappedValue: Value) {
    storage = Storage(wrappedValue)
  }

  var wrappedValue: Value {
    get { storage.value }
    _modify {
      if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.value) }
      yield &storage.value
    }
  }

  static func == (left: CopyOnWrite, right: CopyOnWrite) -> Bool {
    left.storage === right.storage || left.storage.value == right.storage.value
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(storage.value)
  }
}
