/// Which image to run instead of the one a template names (`--image-map FROM=TO`), so that a
/// workflow written for a registry's images runs with images this machine has.
///
/// An entry's `FROM` is either a whole image reference or a repository alone:
///
/// - **With a tag or digest** (`python:3.12=localhost/py:3.12`), it maps that exact image only.
/// - **Without one** (`python=localhost/py`), it maps every tag and digest of the repository. A
///   `TO` without a tag keeps the image's own tag (`python:3.12` → `localhost/py:3.12`, `python`
///   → `localhost/py`); a `TO` with a tag or digest replaces it (`python=localhost/py:3` maps
///   `python:3.12` and `python:3.9` to `localhost/py:3`).
///
/// An exact entry wins over a repository entry. Docker Hub's short and long names are the same
/// repository (`python`, `library/python`, `docker.io/library/python`), so either form matches
/// the others. An image is mapped once: the result is not looked up again.
///
/// ```swift
/// let map = try ImageMap(parsing: ["python=localhost/py", "alpine:3.19=localhost/hera-test-busybox:1"])
/// map.map("python:3.12")  // "localhost/py:3.12"
/// map.map("alpine:3.19")  // "localhost/hera-test-busybox:1"
/// map.map("alpine:3.20")  // "alpine:3.20"
/// ```
public struct ImageMap: Sendable, Hashable {
  /// Whole references (normalised) and what they become.
  private var exact: [String: String] = [:]
  /// Repositories (normalised) and what their images become.
  private var repositories: [String: String] = [:]

  /// A map that changes nothing.
  public init() {}

  /// Reads `FROM=TO` entries, as given to `--image-map`.
  ///
  /// - Throws: ``ImageMapError`` for an entry without `=`, with an empty side, with spaces, with
  ///   a malformed reference (`python:`), or one that maps the same image twice to different
  ///   images.
  public init(parsing entries: [String]) throws(ImageMapError) {
    var parsed: [Entry] = []
    for entry in entries { parsed.append(try Entry(parsing: entry)) }
    try self.init(parsed)
  }

  /// The map of entries read already (`Entry(parsing:)`, as `--image-map` reads each value).
  ///
  /// - Throws: ``ImageMapError`` for entries that map one image to two different images.
  public init(_ entries: [Entry]) throws(ImageMapError) {
    for entry in entries { try add(entry) }
  }

  /// One `FROM=TO` entry, read and checked on its own.
  public struct Entry: Sendable, Hashable, CustomStringConvertible {
    /// The entry as given.
    public let text: String
    fileprivate let from: String
    fileprivate let to: String
    fileprivate let source: ImageReference

    /// Reads `FROM=TO`.
    ///
    /// - Throws: ``ImageMapError`` for an entry without `=`, with an empty side, with spaces, or
    ///   with a malformed reference (`python:`).
    public init(parsing entry: String) throws(ImageMapError) {
      guard let equals = entry.firstIndex(of: "=") else {
        throw ImageMapError(entry: entry, problem: "it has no '='")
      }
      let from = String(entry[..<equals])
      let to = String(entry[entry.index(after: equals)...])
      guard !from.isEmpty, !to.isEmpty else {
        throw ImageMapError(
          entry: entry, problem: from.isEmpty ? "the image to replace (before '=') is empty" : "the image to use (after '=') is empty")
      }
      guard !entry.contains(where: \.isWhitespace) else {
        throw ImageMapError(entry: entry, problem: "it contains a space")
      }
      guard let source = ImageReference(from) else {
        throw ImageMapError(entry: entry, problem: "\"\(from)\" is not an image reference")
      }
      guard ImageReference(to) != nil else {
        throw ImageMapError(entry: entry, problem: "\"\(to)\" is not an image reference")
      }
      self.text = entry
      self.from = from
      self.to = to
      self.source = source
    }

    public var description: String { text }
  }

  /// Whether no entry was given.
  public var isEmpty: Bool { exact.isEmpty && repositories.isEmpty }

  /// The image to run for `image`: the entry's target, or `image` itself when no entry matches.
  public func map(_ image: String) -> String {
    guard !isEmpty, let reference = ImageReference(image) else { return image }
    if let target = exact[reference.normalized] { return target }
    guard let target = repositories[reference.normalizedRepository] else { return image }
    guard let targetReference = ImageReference(target), targetReference.tagOrDigest == nil else { return target }
    return target + (reference.tagOrDigest ?? "")
  }

  /// Whether `image` is one this map turns images into (an entry's target, or a repository
  /// target with a tag of its own), to say so when reporting it.
  func produces(_ image: String) -> Bool {
    guard !isEmpty, let reference = ImageReference(image) else { return false }
    for target in Set(exact.values).union(repositories.values) {
      if target == image { return true }
      if let targetReference = ImageReference(target), targetReference.tagOrDigest == nil,
        targetReference.normalizedRepository == reference.normalizedRepository
      {
        return true
      }
    }
    return false
  }

  /// `map(_:)`, so that a map can be passed where a function is expected.
  public func callAsFunction(_ image: String) -> String { map(image) }

  private mutating func add(_ parsed: Entry) throws(ImageMapError) {
    let (entry, from, to, source) = (parsed.text, parsed.from, parsed.to, parsed.source)
    if source.tagOrDigest == nil {
      if let earlier = repositories[source.normalizedRepository], earlier != to {
        throw ImageMapError(entry: entry, problem: "\(from) is already mapped to \(earlier)")
      }
      repositories[source.normalizedRepository] = to
    } else {
      if let earlier = exact[source.normalized], earlier != to {
        throw ImageMapError(entry: entry, problem: "\(from) is already mapped to \(earlier)")
      }
      exact[source.normalized] = to
    }
  }
}

/// An `--image-map` entry that cannot be read: which, why, and what one looks like.
public struct ImageMapError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The entry as given.
  public let entry: String
  /// What is wrong with it.
  public let problem: String

  public var description: String {
    "--image-map \"\(entry)\": \(problem); write FROM=TO, as in --image-map python:3.12=localhost/python:3.12 (one image) or --image-map python=localhost/python (every tag)"
  }
}

/// The parts of an image reference that mapping needs: the repository, and the `:tag` or
/// `@digest` after it.
struct ImageReference: Hashable {
  var repository: String
  /// `:3.12` or `@sha256:...`, with its separator; nil when the reference has neither.
  var tagOrDigest: String?

  init?(_ text: String) {
    guard !text.isEmpty, !text.contains(where: \.isWhitespace) else { return nil }
    var rest = Substring(text)
    var suffix: Substring = ""
    if let at = rest.firstIndex(of: "@") {
      suffix = rest[at...]
      rest = rest[..<at]
      guard suffix.count > 1 else { return nil }
    }
    // A colon after the last slash starts the tag; one before it belongs to a registry's port.
    if let colon = rest.lastIndex(of: ":"), rest[colon...].contains("/") == false {
      let tag = rest[colon...]
      guard tag.count > 1 else { return nil }
      suffix = tag + suffix
      rest = rest[..<colon]
    }
    guard !rest.isEmpty, !rest.hasPrefix("/"), !rest.hasSuffix("/"), !rest.contains("//") else { return nil }
    repository = String(rest)
    tagOrDigest = suffix.isEmpty ? nil : String(suffix)
  }

  /// The repository as Docker Hub's long name, for comparing (`python` → `docker.io/library/python`).
  var normalizedRepository: String {
    let parts = repository.split(separator: "/", maxSplits: 1)
    let hasRegistry = parts.count == 2 && (parts[0].contains(".") || parts[0].contains(":") || parts[0] == "localhost")
    var name = hasRegistry ? repository : "docker.io/" + repository
    if name.hasPrefix("index.docker.io/") { name = "docker.io/" + name.dropFirst("index.docker.io/".count) }
    if name.hasPrefix("docker.io/"), !name.dropFirst("docker.io/".count).contains("/") {
      name = "docker.io/library/" + name.dropFirst("docker.io/".count)
    }
    return name
  }

  var normalized: String { normalizedRepository + (tagOrDigest ?? "") }
}
