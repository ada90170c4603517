/// What an image's entrypoint is, for the host runner (`--image-entrypoint IMAGE=PROGRAM`).
///
/// A container that gives `args` and no `command` runs its image's entrypoint with those
/// arguments, as Kubernetes runs it. The host runner has no image to read the entrypoint from, so
/// the person running the workflow names a program of this machine that stands for it:
///
/// ```swift
/// let entrypoints = try ImageEntrypoints(parsing: ["argoproj/argosay:v2=/opt/tools/argosay"])
/// entrypoints.entrypoint(for: "argoproj/argosay:v2")  // ["/opt/tools/argosay"]
/// entrypoints.entrypoint(for: "python:3.12")          // nil
/// ```
///
/// `IMAGE` is matched as `--image-map` matches it: a reference with a tag or digest names that
/// image only, a repository alone every tag of it, and Docker Hub's short and long names are the
/// same. `PROGRAM` may carry arguments of its own, separated by spaces (`python3 -m tool`).
public struct ImageEntrypoints: Sendable, Hashable {
  private var exact: [String: [String]] = [:]
  private var repositories: [String: [String]] = [:]

  /// No entrypoint known: containers must give their command.
  public init() {}

  /// Reads `IMAGE=PROGRAM` entries, as given to `--image-entrypoint`.
  ///
  /// - Throws: ``ImageEntrypointError`` for an entry without `=`, with an empty side, with an
  ///   image reference that cannot be read, or naming one image twice with different programs.
  public init(parsing entries: [String]) throws(ImageEntrypointError) {
    var parsed: [Entry] = []
    for entry in entries { parsed.append(try Entry(parsing: entry)) }
    try self.init(parsed)
  }

  /// The entrypoints of entries read already (`Entry(parsing:)`, as `--image-entrypoint` reads
  /// each value).
  ///
  /// - Throws: ``ImageEntrypointError`` for entries naming one image twice with different
  ///   programs.
  public init(_ entries: [Entry]) throws(ImageEntrypointError) {
    for entry in entries {
      let key = entry.reference.tagOrDigest == nil ? entry.reference.normalizedRepository : entry.reference.normalized
      let earlier = entry.reference.tagOrDigest == nil ? repositories[key] : exact[key]
      if let earlier, earlier != entry.program {
        throw ImageEntrypointError(
          entry: entry.text, problem: "\(entry.image) already has the entrypoint \(earlier.joined(separator: " "))")
      }
      if entry.reference.tagOrDigest == nil { repositories[key] = entry.program } else { exact[key] = entry.program }
    }
  }

  /// One `IMAGE=PROGRAM` entry, read and checked on its own.
  public struct Entry: Sendable, Hashable, CustomStringConvertible {
    /// The entry as given.
    public let text: String
    fileprivate let image: String
    fileprivate let program: [String]
    fileprivate let reference: ImageReference

    /// Reads `IMAGE=PROGRAM`.
    ///
    /// - Throws: ``ImageEntrypointError`` for an entry without `=`, with an empty side, or with
    ///   an image reference that cannot be read.
    public init(parsing entry: String) throws(ImageEntrypointError) {
      guard let equals = entry.firstIndex(of: "=") else { throw ImageEntrypointError(entry: entry, problem: "it has no '='") }
      let image = String(entry[..<equals])
      let program = entry[entry.index(after: equals)...].split(separator: " ").map(String.init)
      guard let reference = ImageReference(image) else {
        throw ImageEntrypointError(
          entry: entry, problem: image.isEmpty ? "the image (before '=') is empty" : "\"\(image)\" is not an image reference")
      }
      guard !program.isEmpty else { throw ImageEntrypointError(entry: entry, problem: "the program (after '=') is empty") }
      self.text = entry
      self.image = image
      self.program = program
      self.reference = reference
    }

    public var description: String { text }
  }

  /// Whether no entry was given.
  public var isEmpty: Bool { exact.isEmpty && repositories.isEmpty }

  /// The program that stands for `image`'s entrypoint, with its own arguments; nil when none
  /// was given for it.
  public func entrypoint(for image: String) -> [String]? {
    guard !isEmpty, let reference = ImageReference(image) else { return nil }
    return exact[reference.normalized] ?? repositories[reference.normalizedRepository]
  }
}

/// An `--image-entrypoint` entry that cannot be read: which, why, and what one looks like.
public struct ImageEntrypointError: Error, Sendable, Hashable, CustomStringConvertible {
  public let entry: String
  public let problem: String

  public var description: String {
    "--image-entrypoint \"\(entry)\": \(problem); write IMAGE=PROGRAM, as in --image-entrypoint argoproj/argosay:v2=/usr/local/bin/argosay"
  }
}
