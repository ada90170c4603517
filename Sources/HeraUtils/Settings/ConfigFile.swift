import Foundation

/// A config file in the seed's format: `key=value` lines, `#` comments, values optionally
/// quoted (the quotes are stripped, inner spaces kept), `export ` tolerated.
///
/// ```
/// # hera.config
/// argo_server = argo.example.org:443
/// argo_token = 'Bearer v2:eyJhbGciOi...'
/// argo_namespace=lyon
/// ```
struct ConfigFile: Sendable {
  struct Entry: Sendable {
    var key: String
    var value: String
    var line: Int
  }

  let path: String
  let entries: [Entry]
  /// Lines that are not `key=value`.
  let malformedLines: [Int]
  /// The file's permission bits.
  let mode: Int

  static func read(_ path: String) throws(SettingsError) -> ConfigFile {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw SettingsError("cannot read the config file \(path)", hint: "check that it exists and is readable")
    }
    guard data.count < 1 << 20, let text = String(data: data, encoding: .utf8) else {
      throw SettingsError("the config file \(path) is not a text file of key=value lines")
    }
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    let mode = (attributes?[.posixPermissions] as? NSNumber)?.intValue ?? 0o600
    var entries: [Entry] = []
    var malformed: [Int] = []
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      var line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.hasSuffix("\r") { line.removeLast() }
      if line.isEmpty || line.hasPrefix("#") { continue }
      if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)).trimmingCharacters(in: .whitespaces) }
      guard let equals = line.firstIndex(of: "="), equals != line.startIndex else {
        malformed.append(index + 1)
        continue
      }
      let key = line[..<equals].trimmingCharacters(in: .whitespaces)
      let value = ConfigFile.unquote(String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces))
      entries.append(Entry(key: key, value: value, line: index + 1))
    }
    return ConfigFile(path: path, entries: entries, malformedLines: malformed, mode: mode)
  }

  /// A value without its quotes; an unquoted value loses a trailing ` # comment`.
  static func unquote(_ value: String) -> String {
    if let first = value.first, first == "'" || first == "\"" {
      if let close = value.dropFirst().firstIndex(of: first) {
        return String(value[value.index(after: value.startIndex)..<close])
      }
      return String(value.dropFirst())
    }
    if let comment = value.range(of: " #") {
      return value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
    }
    return value
  }
}
