import ArgoModel
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Clones `git` input artifacts with the `git` command found on `PATH`, the way Argo's executor
/// clones them with go-git (`workflow/artifacts/git`):
///
/// 1. clone `repo` (`depth` commits only when given; with `singleBranch`, only `branch`);
/// 2. fetch the `fetch` refspecs, when given;
/// 3. with `revision`: fetch the branches (only `branch` with `singleBranch`), then check the
///    revision out, detached: a branch, a tag, a commit, or anything `git rev-parse` reads;
/// 4. update the submodules, recursively, unless `disableSubmodules`.
///
/// An empty repository is not an error: the clone is left empty, on the branch `revision`
/// names. Credentials come from Secrets: `usernameSecret` and `passwordSecret` reach git
/// through `GIT_ASKPASS` and the environment (never a command line), `sshPrivateKeySecret`
/// through a key file of mode 0600 removed afterwards (the host's key is checked unless
/// `insecureIgnoreHostKey`); `insecureSkipTLS` turns off certificate checks. Git never prompts,
/// and the whole clone has `timeout`.
struct GitArtifactFetcher: Sendable {
  /// Where to look for `git`, as in `PATH`.
  var searchPath: String
  var timeout: Duration
  var secrets: ArtifactSecrets

  func fetch(_ git: GitArtifact, into destination: String) throws(ArtifactError) {
    let shown = RedactedAddress.of(git.repo)
    guard case .success(let executable) = HostRunner.findExecutable("git", path: searchPath, workingDirectory: "/") else {
      throw ArtifactError(
        "git is not on PATH: git artifacts are cloned with the git command",
        hint: "install git, or clone \(shown) yourself and mount it with a hostPath volume")
    }
    if git.singleBranch == true && (git.branch ?? "").isEmpty {
      throw ArtifactError("single branch mode without a branch specified", hint: "give branch with singleBranch: true")
    }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hera-git-\(UUID().uuidString)").path
    guard mkdir(scratch, 0o700) == 0 else { throw ArtifactError("cannot make the folder \(scratch): \(systemError())") }
    defer { FileTree.remove(scratch) }
    let environment = try self.environment(for: git, scratch: scratch)
    let started = ContinuousClock.now
    func run(_ arguments: [String], in folder: String? = nil, what: String) throws(ArtifactError) -> String {
      let remaining = timeout - (ContinuousClock.now - started)
      let launch = ProcessLaunch(
        executablePath: executable, arguments: ["git"] + (folder.map { ["-C", $0] } ?? []) + arguments, environment: environment)
      let output = CapturedOutput()
      let process: ChildProcess
      do {
        process = try ChildProcess.start(launch, output: output)
      } catch {
        throw ArtifactError("cannot start \(executable): \(error)", hint: "is git installed correctly?")
      }
      let (status, timedOut) = process.waitBlocking(timeout: max(remaining, .milliseconds(1))) { Task.isCancelled }
      if Task.isCancelled { throw ArtifactError("the clone of \(shown) was cancelled") }
      if timedOut {
        throw ArtifactError(
          "\(what) \(shown) did not finish within \(timeout)", hint: "is the repository reachable? a large one may need depth: 1")
      }
      guard ChildProcess.exitCode(fromWaitStatus: status) == 0 else {
        throw Self.failure(what: "\(what) \(shown)", output: output.standardError + output.standardOutput)
      }
      return output.standardOutput
    }

    FileTree.remove(destination)
    var clone = ["clone", "--quiet", "--no-recurse-submodules"]
    if let depth = git.depth, depth > 0 { clone += ["--depth", String(depth)] }
    if git.singleBranch == true, let branch = git.branch { clone += ["--single-branch", "--branch", branch] }
    _ = try run(clone + ["--", git.repo, destination], what: "cannot clone")
    let isEmpty = (try? run(["rev-parse", "--verify", "--quiet", "HEAD"], in: destination, what: "cannot read")) == nil
    if isEmpty {
      if let revision = git.revision, !revision.isEmpty {
        _ = try run(["symbolic-ref", "HEAD", "refs/heads/" + revision], in: destination, what: "cannot name the branch of")
      }
      return
    }
    if let refspecs = git.fetch, !refspecs.isEmpty {
      var fetch = ["fetch", "--quiet"]
      if let depth = git.depth, depth > 0 { fetch += ["--depth", String(depth)] }
      _ = try run(fetch + ["origin"] + refspecs, in: destination, what: "cannot fetch \(refspecs.joined(separator: " ")) from")
    }
    if let revision = git.revision, !revision.isEmpty {
      let branches =
        git.singleBranch == true ? "refs/heads/\(git.branch ?? ""):refs/heads/\(git.branch ?? "")" : "refs/heads/*:refs/heads/*"
      _ = try run(
        ["fetch", "--quiet", "--update-head-ok", "origin", "+" + branches], in: destination, what: "cannot fetch the branches of")
      let commit: String
      do throws(ArtifactError) {
        commit = try run(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: destination, what: "cannot resolve")
          .trimmingCharacters(in: .whitespacesAndNewlines)
      } catch {
        throw ArtifactError(
          "failed to resolve revision \(revision) in \(shown): reference not found",
          hint: "give a branch, a tag or a commit of the repository; with depth, an older commit may not be in the clone")
      }
      _ = try run(
        ["-c", "advice.detachedHead=false", "checkout", "--quiet", "--force", "--detach", commit], in: destination,
        what: "cannot check \(revision) out of")
    }
    if git.disableSubmodules != true, FileManager.default.fileExists(atPath: destination + "/.gitmodules") {
      _ = try run(["submodule", "update", "--init", "--recursive", "--quiet"], in: destination, what: "cannot update the submodules of")
    }
  }

  /// This program's environment, plus what makes git quiet, unprompted and authenticated.
  private func environment(for git: GitArtifact, scratch: String) throws(ArtifactError) -> [String] {
    var variables = ProcessInfo.processInfo.environment
    variables["GIT_TERMINAL_PROMPT"] = "0"
    variables["LC_ALL"] = "C"
    if git.insecureSkipTLS == true { variables["GIT_SSL_NO_VERIFY"] = "true" }
    if git.usernameSecret != nil || git.passwordSecret != nil {
      let user =
        try git.usernameSecret.map { (selector) throws(ArtifactError) in try secrets.value(selector, for: "git usernameSecret") } ?? ""
      let password =
        try git.passwordSecret.map { (selector) throws(ArtifactError) in try secrets.value(selector, for: "git passwordSecret") } ?? ""
      let script = scratch + "/askpass"
      let text =
        "#!/bin/sh\ncase \"$1\" in\nUsername*) printf '%s\\n' \"$HERA_GIT_USERNAME\" ;;\n*) printf '%s\\n' \"$HERA_GIT_PASSWORD\" ;;\nesac\n"
      guard FileManager.default.createFile(atPath: script, contents: Data(text.utf8), attributes: [.posixPermissions: 0o700]) else {
        throw ArtifactError("cannot write \(script)")
      }
      variables["GIT_ASKPASS"] = script
      variables["HERA_GIT_USERNAME"] = user
      variables["HERA_GIT_PASSWORD"] = password
    }
    if let selector = git.sshPrivateKeySecret {
      var key = try secrets.value(selector, for: "git sshPrivateKeySecret")
      if !key.hasSuffix("\n") { key += "\n" }
      let file = scratch + "/id"
      guard FileManager.default.createFile(atPath: file, contents: Data(key.utf8), attributes: [.posixPermissions: 0o600]) else {
        throw ArtifactError("cannot write \(file)")
      }
      var command = "ssh -i \(file) -o IdentitiesOnly=yes -o BatchMode=yes"
      if git.insecureIgnoreHostKey == true { command += " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null" }
      variables["GIT_SSH_COMMAND"] = command
    }
    return variables.map { "\($0.key)=\($0.value)" }
  }

  /// git's own words (its `fatal:` and `error:` lines), and what to try.
  static func failure(what: String, output: String) -> ArtifactError {
    // git may repeat an address with its credentials: they are masked.
    let masked = output.replacingOccurrences(of: #"://[^/@\s]+@"#, with: "://***@", options: .regularExpression)
    let lines = masked.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    let important = lines.filter { $0.hasPrefix("fatal:") || $0.hasPrefix("error:") }
    let said = (important.isEmpty ? Array(lines.suffix(2)) : important).joined(separator: "; ")
    let lowered = said.lowercased()
    let hint: String
    if lowered.contains("could not resolve host") {
      hint = "check the repository's host name, and the network"
    } else if lowered.contains("connection refused") || lowered.contains("couldn't connect") || lowered.contains("failed to connect") {
      hint = "is the git server running, and reachable from this machine?"
    } else if lowered.contains("authentication failed") || lowered.contains("could not read username")
      || lowered.contains("permission denied")
      || lowered.contains("terminal prompts disabled")
    {
      hint =
        "the repository wants credentials: give usernameSecret and passwordSecret, or sshPrivateKeySecret, with their Secrets in --resources"
    } else if lowered.contains("host key verification failed") {
      hint = "the server's SSH host key is not known here: add it to ~/.ssh/known_hosts, or set insecureIgnoreHostKey: true knowingly"
    } else if lowered.contains("does not appear to be a git repository") || lowered.contains("not found")
      || lowered.contains("does not exist")
    {
      hint = "check the repository's address"
    } else if lowered.contains("certificate") || lowered.contains("ssl") {
      hint = "the server's certificate is not trusted here; insecureSkipTLS: true skips the check, knowingly"
    } else {
      hint = "run the same git command by hand to see more"
    }
    return ArtifactError("\(what): \(said.isEmpty ? "git failed" : said)", hint: hint)
  }
}
