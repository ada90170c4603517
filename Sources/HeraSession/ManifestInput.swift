import ArgoModel
import ArgumentParser
import Hera

/// The documents of the files a command was given, read with the same options everywhere,
/// and their diagnostics printed the same way.
package struct ManifestInput {
  package var documents: [ManifestDocument] = []

  package init() {}

  package var manifests: [Manifest] { documents.map(\.manifest) }

  /// Reads every file, saying read errors and warnings; throws `ExitCode.failure` after
  /// reading them all when one could not be read.
  package static func read(_ files: [String], strict: Bool, diagnostics: Diagnostics = .standard) throws(ExitCode) -> ManifestInput {
    var options = ManifestReader.Options()
    options.decoding = strict ? .strict : .preserving
    let reader = ManifestReader(options: options)
    var input = ManifestInput()
    var failed = false
    for file in files {
      do {
        let documents = try reader.read(contentsOf: file)
        for warning in Set(documents.flatMap(\.warnings).map(\.description)).sorted() {
          diagnostics.warning(warning)
        }
        // An empty file (or one of comments only) is a mistake: a wrong path, a file not
        // written yet, an empty standard input; saying nothing would pass for success.
        guard !documents.isEmpty else {
          let name = file == "-" ? "standard input" : file
          diagnostics.error("\(name) holds no manifest: it is empty, or only comments")
          failed = true
          continue
        }
        input.documents += documents
      } catch {
        diagnostics.error("\(error)")
        failed = true
      }
    }
    if failed { throw ExitCode.failure }
    return input
  }

  /// Lints the documents together, so that templates of one resolve references of another.
  package func lint(options: Linter.Options = .lint) -> [(document: ManifestDocument, diagnostics: [Diagnostic])] {
    let linter = Linter(options: options, library: TemplateLibrary(manifests))
    return documents.map { ($0, linter.lint($0.manifest)) }
  }

  /// Says the warnings and errors; returns whether one is an error.
  package static func report(
    _ results: [(document: ManifestDocument, diagnostics: [Diagnostic])], to sink: Diagnostics = .standard
  ) -> Bool {
    var failed = false
    for (document, diagnostics) in results {
      for diagnostic in diagnostics where diagnostic.severity >= .warning {
        sink.lint(diagnostic, at: place(of: diagnostic, in: document))
        failed = failed || diagnostic.severity == .error
      }
    }
    return failed
  }

  /// `file:line: error: path: message (hint) [rule]`.
  package static func format(_ diagnostic: Diagnostic, in document: ManifestDocument) -> String {
    "\(place(of: diagnostic, in: document)): \(diagnostic)"
  }

  /// `file:line` of what a diagnostic is about.
  package static func place(of diagnostic: Diagnostic, in document: ManifestDocument) -> String {
    var place = document.source ?? "-"
    if let line = document.line(of: diagnostic.path.valuePath) ?? Optional(document.line) { place += ":\(line)" }
    return place
  }
}
