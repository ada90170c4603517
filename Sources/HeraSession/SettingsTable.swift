import Foundation

/// The settings as rows of name, value and where it came from, for `hera config` and an
/// experiment's `--print-config`.
package enum SettingsTable {
  /// Settings as aligned columns of name, value and source.
  package static func text(_ rows: [(name: String, value: String, source: String)], indent: String, maxValueWidth: Int = 60) -> String {
    let width = rows.map(\.name.count).max() ?? 0
    let valueWidth = min(maxValueWidth, rows.map(\.value.count).max() ?? 0)
    var text = ""
    for row in rows {
      let name = row.name.padding(toLength: width, withPad: " ", startingAt: 0)
      let value = row.value.count < valueWidth ? row.value.padding(toLength: valueWidth, withPad: " ", startingAt: 0) : row.value
      var line = "\(name)  \(value)  \(row.source)"
      while line.last == " " { line.removeLast() }
      text += indent + line + "\n"
    }
    return text
  }
}
