import ArgoClient
import ArgoModel
import ArgumentParser
import Foundation
import HeraUtils

/// Columns aligned with spaces, as `kubectl get` prints them.
package struct Table {
  package var header: [String]
  package var rows: [[String]] = []

  package init(_ header: String...) {
    self.header = header
  }

  package mutating func add(_ row: [String]) {
    rows.append(row)
  }

  package var text: String {
    var widths = header.map(\.count)
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
    }
    func line(_ cells: [String]) -> String {
      var text = ""
      for (index, cell) in cells.enumerated() {
        if index == cells.count - 1 {
          text += cell
        } else {
          text += cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
        }
      }
      while text.last == " " { text.removeLast() }
      return text + "\n"
    }
    return ([line(header)] + rows.map(line)).joined()
  }
}

/// Ages and durations as kubectl shows them: `45s`, `3m`, `2h`, `5d`.
package enum Age {
  package static func short(_ interval: TimeInterval) -> String {
    let seconds = max(0, Int(interval))
    if seconds < 60 { return "\(seconds)s" }
    if seconds < 3600 { return "\(seconds / 60)m" }
    if seconds < 86400 { return "\(seconds / 3600)h" }
    return "\(seconds / 86400)d"
  }

  /// `1h2m3s`.
  package static func duration(_ interval: TimeInterval) -> String {
    let seconds = max(0, Int(interval.rounded()))
    let (hours, minutes, rest) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60)
    if hours > 0 { return "\(hours)h\(minutes)m\(rest)s" }
    if minutes > 0 { return "\(minutes)m\(rest)s" }
    return "\(rest)s"
  }

  /// A duration given as `30s`, `10m`, `2h`, `3d` (or a sum: `1h30m`).
  package static func parse(_ text: String) -> TimeInterval? {
    GoDuration.seconds(text, days: true)
  }

}
