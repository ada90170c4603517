import ArgoModel
import Foundation

/// What the progress display shows of a workflow at one moment: a pure function of the
/// workflow's status, the time and the options.
///
/// The first line sums the workflow up: its phase, how long it has run, and its leaf nodes by
/// phase (`● collect-x7k2p  Running  1m23s  37/120 succeeded, 4 running, 1 failed, 78 pending`);
/// Argo's message about the workflow follows, if any. Then comes the node tree as `argo get`
/// draws it (see ``WorkflowProgress``), one line per node: a phase symbol, the name, the
/// duration, and the node's message. Beyond that:
/// - a fanned-out task with more than ``ProgressOptions/fanOutThreshold`` items is one line of
///   counts, `process ×120  37 ✔  4 ●  1 ✖  78 ◷`, with its failed items listed below it;
/// - a `Retry` node shows how many attempts it made, and its attempts below it; a retry that made
///   one attempt is one line;
/// - the steps of a step group are joined by a bracket, as in `argo get`;
/// - skipped and omitted nodes are dimmed and say which they are.
///
/// ```swift
/// let frame = ProgressFrame(workflow: workflow, now: Date(), options: ProgressOptions(maxLines: 40))
/// print(frame.text)
/// ```
public struct ProgressFrame: Sendable, Hashable, CustomStringConvertible {
  public var lines: [ProgressLine]

  public init(lines: [ProgressLine]) {
    self.lines = lines
  }

  /// The frame of `workflow` at `now`.
  public init(workflow: Workflow, now: Date, options: ProgressOptions = ProgressOptions()) {
    self.init(WorkflowProgress(workflow), now: now, options: options)
  }

  /// The frame of a status already read.
  public init(_ progress: WorkflowProgress, now: Date, options: ProgressOptions = ProgressOptions()) {
    let seconds = now.timeIntervalSince1970
    let header = Self.header(progress, now: now, symbols: options.symbols)
    var tree = TreeLayout(progress: progress, now: seconds, options: options, foldFinished: false).lines()
    if let maxLines = options.maxLines.map({ max(1, $0) }), header.count + tree.count > maxLines {
      tree = TreeLayout(progress: progress, now: seconds, options: options, foldFinished: true).lines()
      let room = maxLines - header.count
      if room <= 0 {
        tree = []
      } else if tree.count > room {
        let kept = room - 1
        // Failures may be among the lines cut: the last line says so, since they are what
        // someone watching must not miss.
        let failures = tree[kept...].reduce(0) { $0 + $1.failures }
        var more = "\(options.symbols.ellipsis) \(tree.count - kept) more"
        if failures > 0 { more += ", \(failures) failed" }
        tree = Array(tree.prefix(kept)) + [(ProgressLine([ProgressSpan(more, failures > 0 ? .failed : .dim)]), failures)]
      }
      lines = Array((header + tree.map(\.line)).prefix(maxLines))
    } else {
      lines = header + tree.map(\.line)
    }
    if let maxWidth = options.maxWidth {
      lines = lines.map { $0.truncated(toWidth: maxWidth, ellipsis: options.symbols.ellipsis) }
    }
  }

  /// The frame as plain text, one line per line, without a final line break.
  public var text: String { lines.map(\.text).joined(separator: "\n") }
  public var description: String { text }

  /// The workflow's line, and its message.
  static func header(_ progress: WorkflowProgress, now: Date, symbols: ProgressSymbols) -> [ProgressLine] {
    let phase = progress.displayPhase
    var spans = [
      ProgressSpan(symbols.symbol(phase), phase.style), ProgressSpan(" "), ProgressSpan(progress.name, .bold),
      ProgressSpan("  "), ProgressSpan(progress.isSuspended ? "Suspended" : progress.phase, phase.style),
    ]
    if let elapsed = progress.elapsed(at: now) {
      spans.append(ProgressSpan("  " + ProgressFormat.duration(elapsed)))
    }
    spans.append(ProgressSpan("  " + progress.counts.summary))
    var lines = [ProgressLine(spans)]
    if let message = progress.message {
      lines.append(ProgressLine([ProgressSpan("  "), ProgressSpan(oneLine(message), phase.isFailure ? .failed : .dim)]))
    }
    return lines
  }

  /// A message on one line: Argo's messages sometimes carry a container's multi-line output.
  static func oneLine(_ text: String) -> String {
    guard text.contains(where: \.isNewline) else { return text }
    return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }.joined(separator: " ")
  }
}

/// The node tree laid out as lines.
private struct TreeLayout {
  let progress: WorkflowProgress
  let now: Double
  let options: ProgressOptions
  /// Whether to fold what finished well, to fit a frame in fewer lines.
  let foldFinished: Bool
  var symbols: ProgressSymbols { options.symbols }

  /// One line before alignment.
  struct Row {
    var prefix: String
    var symbol: String
    var symbolStyle: ProgressStyle
    var label: String
    var labelStyle: ProgressStyle = .plain
    var duration: String? = nil
    var details: [ProgressSpan] = []
    /// How many failed leaves the line shows, for the count of those cut from a frame.
    var failures = 0
  }

  /// What one line of the tree stands for.
  enum Item {
    case node(Int)
    /// The items of a fanned-out task, drawn as one line.
    case fanOut(task: String, members: [Int])
    /// Siblings that finished well, drawn as one line when the frame must be short.
    case folded(count: Int)
  }

  private var rows: [Row] = []

  init(progress: WorkflowProgress, now: Double, options: ProgressOptions, foldFinished: Bool) {
    self.progress = progress
    self.now = now
    self.options = options
    self.foldFinished = foldFinished
  }

  func lines() -> [(line: ProgressLine, failures: Int)] {
    var layout = self
    for root in progress.roots {
      layout.draw(.node(root), nodePrefix: "", childPrefix: "")
    }
    return Array(zip(layout.aligned(), layout.rows.map(\.failures)))
  }

  // MARK: Items

  /// The items drawn for a list of sibling nodes: large fan-outs grouped at the place of their
  /// first item and, when folding, what finished well gathered at the place of the first of it.
  private func items(_ siblings: [Int]) -> [Item] {
    let nodes = progress.nodes
    var members: [String: [Int]] = [:]
    for index in siblings {
      if let task = nodes[index].fanOutBase { members[task, default: []].append(index) }
    }
    members = members.filter { $0.value.count > options.fanOutThreshold }
    var items: [Item] = []
    items.reserveCapacity(siblings.count)
    var grouped = Set<String>()
    for index in siblings {
      if let task = nodes[index].fanOutBase, let group = members[task] {
        if grouped.insert(task).inserted { items.append(.fanOut(task: task, members: group)) }
      } else {
        items.append(.node(index))
      }
    }
    guard foldFinished else { return items }
    let done = items.indices.filter { isQuietlyDone(items[$0]) }
    guard done.count > 1 else { return items }
    let count = done.reduce(0) { $0 + weight(items[$1]) }
    var folded: [Item] = []
    folded.reserveCapacity(items.count - done.count + 1)
    let doneSet = Set(done)
    for position in items.indices {
      if position == done[0] {
        folded.append(.folded(count: count))
      } else if !doneSet.contains(position) {
        folded.append(items[position])
      }
    }
    return folded
  }

  private func isQuietlyDone(_ item: Item) -> Bool {
    switch item {
    case .node(let index): progress.nodes[index].phase.isQuietlyDone
    case .fanOut(_, let members): members.allSatisfy { progress.nodes[$0].phase.isQuietlyDone }
    case .folded: true
    }
  }

  /// How many nodes an item stands for, for "N finished".
  private func weight(_ item: Item) -> Int {
    switch item {
    case .node(let index):
      progress.nodes[index].role == .stepGroup ? max(1, progress.children[index].count) : 1
    case .fanOut(_, let members): members.count
    case .folded(let count): count
    }
  }

  // MARK: Drawing

  private mutating func draw(_ item: Item, nodePrefix: String, childPrefix: String) {
    switch item {
    case .folded(let count):
      rows.append(
        Row(prefix: nodePrefix, symbol: symbols.succeeded, symbolStyle: .succeeded, label: "\(count) finished", labelStyle: .dim))
    case .fanOut(let task, let members):
      drawFanOut(task: task, members: members, nodePrefix: nodePrefix, childPrefix: childPrefix)
    case .node(let index):
      drawNode(index, nodePrefix: nodePrefix, childPrefix: childPrefix)
    }
  }

  private mutating func drawNode(_ index: Int, nodePrefix: String, childPrefix: String) {
    let node = progress.nodes[index]
    if node.role == .stepGroup {
      // Not drawn: its steps are, joined by a bracket that starts on the group's own branch.
      let items = items(progress.children[index])
      for (position, item) in items.enumerated() {
        let isFirst = position == 0
        let isLast = position == items.count - 1
        let part = items.count == 1 ? symbols.groupSingle : isFirst ? symbols.groupStart : isLast ? symbols.corner : symbols.tee
        draw(
          item, nodePrefix: (isFirst ? nodePrefix : childPrefix) + part,
          childPrefix: childPrefix + (isLast ? symbols.blank : symbols.pipe))
      }
      return
    }
    var below = progress.children[index]
    var details: [ProgressSpan] = []
    if node.role == .retry {
      if below.count == 1 {
        // One attempt: the retry and its attempt are one line, under the task's own name.
        below = progress.children[below[0]]
      } else if below.count > 1 {
        details.append(ProgressSpan("\(below.count) attempts", .dim))
      }
    }
    rows.append(row(index, prefix: nodePrefix, details: details))
    if foldFinished && node.phase.isQuietlyDone { return }
    drawChildren(items(below), childPrefix: childPrefix)
  }

  private mutating func drawChildren(_ items: [Item], childPrefix: String) {
    for (position, item) in items.enumerated() {
      let isLast = position == items.count - 1
      draw(
        item, nodePrefix: childPrefix + (isLast ? symbols.corner : symbols.tee),
        childPrefix: childPrefix + (isLast ? symbols.blank : symbols.pipe))
    }
  }

  private mutating func drawFanOut(task: String, members: [Int], nodePrefix: String, childPrefix: String) {
    let nodes = progress.nodes
    var counts: [ProgressPhase: Int] = [:]
    var earliest = Double.infinity
    var latest = -Double.infinity
    var unfinished = false
    for member in members {
      let node = nodes[member]
      counts[node.phase == .omitted ? .skipped : node.phase, default: 0] += 1
      if let start = node.startedAt { earliest = min(earliest, start) }
      if let finish = node.finishedAt { latest = max(latest, finish) }
      if !node.phase.isFinished { unfinished = true }
    }
    let phase = Self.phase(of: counts)
    var duration: String?
    if earliest.isFinite {
      let end = unfinished ? now : (latest.isFinite ? latest : nil)
      duration = end.map { ProgressFormat.duration($0 - earliest) }
    }
    var details: [ProgressSpan] = []
    for countedPhase in [ProgressPhase.succeeded, .running, .suspended, .failed, .error, .pending, .skipped] {
      guard let count = counts[countedPhase], count > 0 else { continue }
      if !details.isEmpty { details.append(ProgressSpan("  ")) }
      details.append(ProgressSpan("\(count) "))
      details.append(ProgressSpan(symbols.symbol(countedPhase), countedPhase.style))
    }
    rows.append(
      Row(
        prefix: nodePrefix, symbol: symbols.symbol(phase), symbolStyle: phase.style,
        label: "\(task) \(symbols.times)\(members.count)", duration: duration, details: details))

    // Failures are what the user must act on: they stay visible however large the fan-out.
    let failed = members.filter { nodes[$0].phase.isFailure }
    let shown = failed.prefix(max(0, options.failuresShown))
    let more = failed.count - shown.count
    let lineCount = shown.count + (more > 0 ? 1 : 0)
    for (position, member) in shown.enumerated() {
      let isLast = position == lineCount - 1
      rows.append(row(member, prefix: childPrefix + (isLast ? symbols.corner : symbols.tee)))
    }
    if more > 0 {
      rows.append(
        Row(
          prefix: childPrefix + symbols.corner, symbol: symbols.ellipsis, symbolStyle: .dim,
          label: "and \(more) more failed", labelStyle: .dim, failures: more))
    }
  }

  /// The phase a fan-out shows: running while any item runs or waits, then how it ended.
  private static func phase(of counts: [ProgressPhase: Int]) -> ProgressPhase {
    for phase in [ProgressPhase.running, .suspended, .pending, .failed, .error, .succeeded] where counts[phase, default: 0] > 0 {
      return phase
    }
    return .skipped
  }

  /// The line of one node: symbol, name, duration, then what to know about it.
  private func row(_ index: Int, prefix: String, details extra: [ProgressSpan] = []) -> Row {
    let node = progress.nodes[index]
    var row = Row(prefix: prefix, symbol: symbols.symbol(node.phase), symbolStyle: node.phase.style, label: node.label)
    var details = extra
    if node.phase == .skipped || node.phase == .omitted {
      // Dimmed, and which of the two: a `when` that was false, or a dependency that failed.
      row.labelStyle = .dim
      details.append(ProgressSpan(node.phase.name, .dim))
    } else {
      row.duration = node.duration(now: now).map(ProgressFormat.duration)
    }
    if let message = message(of: index) {
      if !details.isEmpty { details.append(ProgressSpan("  ")) }
      details.append(ProgressSpan(ProgressFrame.oneLine(message), node.phase.isFailure ? .failed : .dim))
    }
    row.details = details
    if node.phase.isFailure {
      let shown = node.role == .retry && progress.children[index].count == 1 ? progress.children[index][0] : index
      row.failures = progress.isLeaf(shown) ? 1 : 0
    }
    return row
  }

  /// A node's message; for a retry, its latest attempt's, which says why it failed rather than
  /// that no retries are left.
  private func message(of index: Int) -> String? {
    let node = progress.nodes[index]
    if let latest = node.latestAttempt, let message = progress.nodes[latest].message { return message }
    return node.message
  }

  // MARK: Alignment

  /// The rows as lines, durations and details in columns.
  private func aligned() -> [ProgressLine] {
    // A name longer than this pushes its own duration right rather than every line's.
    let widestLabel = 56
    var column = 0
    var durationWidth = 0
    for row in rows {
      column = max(column, min(widestLabel, row.prefix.count + row.symbol.count + 1 + row.label.count))
      durationWidth = max(durationWidth, row.duration?.count ?? 0)
    }
    return rows.map { row in
      var spans = [
        ProgressSpan(row.prefix, .dim), ProgressSpan(row.symbol, row.symbolStyle), ProgressSpan(" "),
        ProgressSpan(row.label, row.labelStyle),
      ]
      guard row.duration != nil || !row.details.isEmpty else { return ProgressLine(spans) }
      let width = row.prefix.count + row.symbol.count + 1 + row.label.count
      var gap = String(repeating: " ", count: max(0, column - width) + 2)
      if durationWidth > 0 {
        let duration = row.duration ?? ""
        gap += String(repeating: " ", count: durationWidth - duration.count)
        spans.append(ProgressSpan(gap))
        spans.append(ProgressSpan(duration))
        gap = "  "
      }
      if !row.details.isEmpty {
        spans.append(ProgressSpan(gap))
        spans.append(contentsOf: row.details)
      }
      return ProgressLine(spans)
    }
  }
}
