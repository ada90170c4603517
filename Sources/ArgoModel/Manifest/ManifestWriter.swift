/// Writes manifests as YAML or JSON, fast and with a stable key order: `apiVersion`, `kind`,
/// `metadata`, `spec`, `status` at the top, `name` first inside every item, other fields in
/// alphabetical order, fields unknown to the model last, as they were read.
///
/// ```swift
/// let yaml = ManifestWriter(format: .yaml).string([.workflow(workflow)])
/// ```
public struct ManifestWriter: Sendable {
  public var format: ManifestFormat
  /// The JSON layout: pretty (the default, for people) or compact.
  public var jsonStyle: JSONWriter.Style

  public init(format: ManifestFormat = .yaml, jsonStyle: JSONWriter.Style = .pretty) {
    self.format = format
    self.jsonStyle = jsonStyle
  }

  /// The documents as bytes: YAML documents separated by `---`, or JSON values one after another.
  public func bytes(_ manifests: [Manifest]) -> [UInt8] {
    bytes(values: manifests.map { $0.toJSON() })
  }

  /// Any JSON values, written the same way.
  public func bytes(values: [JSONValue]) -> [UInt8] {
    if format == .json {
      var writer = JSONWriter(style: jsonStyle)
      for value in values { writer.writeDocument(value) }
      return writer.bytes
    }
    var writer = YAMLWriter()
    for value in values { writer.writeDocument(value) }
    return writer.bytes
  }

  public func string(_ manifests: [Manifest]) -> String {
    String(decoding: bytes(manifests), as: UTF8.self)
  }

  /// One resource as text.
  public func string(_ resource: some ArgoResource) -> String {
    String(decoding: bytes(values: [resource.toJSON()]), as: UTF8.self)
  }
}
