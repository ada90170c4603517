/// One document read from a manifest: the resource, and where it was written, so that later
/// stages (lint, the local engine) can point at the lines they complain about.
public struct ManifestDocument: Sendable {
  public var manifest: Manifest
  /// The file it came from (`-` for standard input), when known.
  public var source: String? { text.name }
  /// The 1-based line where the document starts.
  public let line: Int
  /// The document's position among the documents of its file, counting from 0.
  public let index: Int
  /// Problems that did not stop reading, such as a key written twice.
  public let warnings: [ManifestError]

  let text: SourceText
  /// The document's place in the raw stream: a YAML document's index counting empty ones, a
  /// JSON value's byte offset.
  let position: Int

  init(manifest: Manifest, text: SourceText, line: Int, index: Int, position: Int, warnings: [ManifestError]) {
    self.manifest = manifest
    self.warnings = warnings
    self.text = text
    self.line = line
    self.index = index
    self.position = position
  }

  /// The 1-based line where the value at `path` is written (the line of its key for a member),
  /// or of its nearest ancestor found; `nil` when the text is not available.
  public func line(of path: ValuePath) -> Int? {
    text.locate(path, position: position)?.line
  }
}

/// The text of a manifest, kept to find the lines of paths after reading.
final class SourceText: Sendable {
  let name: String?
  let bytes: [UInt8]
  let format: ManifestFormat

  init(name: String?, bytes: [UInt8], format: ManifestFormat) {
    self.name = name
    self.bytes = bytes
    self.format = format
  }

  func locate(_ path: ValuePath, position: Int) -> (line: Int, column: Int)? {
    bytes.withUnsafeBufferPointer { buffer in
      if format == .json {
        guard let offset = JSONParser.locate(path, in: bytes, documentOffset: position) else { return nil }
        return JSONParser.lineAndColumn(of: offset, in: buffer)
      }
      return YAMLLocator.locate(path, in: buffer, streamIndex: position)
    }
  }
}
