import ArgoModel
import Foundation

/// Who a request is, as far as the simulated server can tell.
enum Caller {
  /// A token the simulated cluster knows (or no token, with server auth mode).
  case known
  /// A well-formed `Bearer`/`Basic` token the cluster does not know: the Argo Server in client
  /// mode passes it on, so only calls that reach Kubernetes fail.
  case unknown
}

extension SimulatorStore {
  /// Answers one request, its base path already removed.
  func handle(_ request: TestRequest, path: String, limit: StreamLimit?) -> TestResponse {
    let parts = path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
    guard parts.count >= 3, parts[0] == "api", parts[1] == "v1" else { return SimulatorFailure.notFound("Not Found").response }
    let streaming =
      request.method == "GET"
      && (parts[2] == "workflow-events" && parts.count == 4
        || parts[2] == "workflows" && (parts.count == 6 || parts.count == 7) && parts.last == "log")
    let framing = StreamFraming(request)
    do throws(SimulatorFailure) {
      let caller = try authenticate(request)
      if streaming {
        guard case .known = caller else { throw SimulatorFailure(code: 16, message: "Unauthorized") }
        return try parts[2] == "workflow-events"
          ? watch(request, namespace: parts[3], framing: framing, limit: limit)
          : logs(request, namespace: parts[3], name: parts[4], podName: parts.count == 7 ? parts[5] : nil, framing: framing, limit: limit)
      }
      switch (request.method, parts[2]) {
      case ("GET", "version") where parts.count == 3:
        return answer(version)
      case ("GET", "info") where parts.count == 3:
        var info: JSONObject = [:]
        if let managed = settings.managedNamespace { info["managedNamespace"] = .string(managed) }
        return answer(.object(info))
      case ("GET", "userinfo") where parts.count == 3:
        return answer(caller == .known ? userInfo : [:])
      default:
        break
      }
      guard case .known = caller else { throw SimulatorFailure(code: 16, message: "Unauthorized") }
      switch parts[2] {
      case "workflows": return try routeWorkflows(request, parts)
      case "workflow-templates": return try routeTemplates(request, parts, resource: .workflowTemplate)
      case "cluster-workflow-templates": return try routeTemplates(request, parts, resource: .clusterWorkflowTemplate)
      case "cron-workflows": return try routeTemplates(request, parts, resource: .cronWorkflow)
      case "archived-workflows", "archived-workflows-label-keys", "archived-workflows-label-values": return try routeArchive(request, parts)
      default: throw SimulatorFailure.notFound("Not Found")
      }
    } catch {
      if streaming { return streamFailure(error, framing: framing) }
      return error.response
    }
  }

  /// An error answered before a stream's first message: the status of its code, and the error
  /// chunk as the body.
  func streamFailure(_ failure: SimulatorFailure, framing: StreamFraming) -> TestResponse {
    TestResponse(status: failure.httpStatus, headers: [("Content-Type", framing.contentType)], body: .bytes(framing.error(failure)))
  }

  func answer(_ value: JSONValue, status: Int = 200, fields: String? = nil) -> TestResponse {
    .json(status, FieldsFilter.apply(fields, to: value).compactText)
  }

  private var version: JSONValue {
    [
      "version": .string(settings.version), "buildDate": "2026-08-21T00:00:00Z", "gitCommit": "f016ad89eb269d282aec06dc491c29f396a38df4",
      "gitTag": .string(settings.version), "gitTreeState": "clean", "goVersion": "go1.24.6", "compiler": "gc", "platform": "linux/amd64",
    ]
  }

  private var userInfo: JSONValue {
    let parts = settings.user.split(separator: ":").map(String.init)
    var info: JSONObject = ["subject": .string(settings.user)]
    if parts.count == 4, parts[0] == "system", parts[1] == "serviceaccount" {
      info["serviceAccountNamespace"] = .string(parts[2])
      info["serviceAccountName"] = .string(parts[3])
    }
    return .object(info)
  }

  // MARK: Authentication and authorisation

  /// The Argo Server's gatekeeper: a missing or malformed Authorization header is refused at
  /// once (unless server auth mode is on); a well-formed one is the caller's Kubernetes
  /// credentials, which only Kubernetes can refuse.
  func authenticate(_ request: TestRequest) throws(SimulatorFailure) -> Caller {
    var authorization = request.header("Authorization") ?? ""
    if authorization.isEmpty, let cookie = request.header("Cookie") {
      for part in cookie.split(separator: ";") {
        let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
        if pair.count == 2, pair[0] == "authorization" { authorization = pair[1].removingPercentEncoding ?? pair[1] }
      }
    }
    if settings.acceptedAuthorizations.contains(authorization) { return .known }
    if authorization.hasPrefix("Bearer ") || authorization.hasPrefix("Basic ") { return .unknown }
    if settings.serverAuthMode { return .known }
    throw SimulatorFailure(code: 16, message: "token not valid. see https://argo-workflows.readthedocs.io/en/latest/faq/")
  }

  /// Kubernetes RBAC as the simulated token has it: its namespaces, and the cluster scope when
  /// allowed.
  func authorize(_ verb: String, _ resource: ArgoServerSimulator.Resource, namespace: String?) throws(SimulatorFailure) {
    let who = "User \"\(settings.user)\" cannot \(verb) resource \"\(resource.plural)\" in API group \"argoproj.io\""
    if let namespace {
      if let allowed = settings.namespaces, !allowed.contains(namespace) {
        throw SimulatorFailure(code: 7, message: "\(resource.plural).argoproj.io is forbidden: \(who) in the namespace \"\(namespace)\"")
      }
    } else if !settings.clusterScope {
      throw SimulatorFailure(code: 7, message: "\(resource.plural).argoproj.io is forbidden: \(who) at the cluster scope")
    }
  }

  // MARK: Bodies

  /// The request's body as grpc-gateway reads it: empty means an empty request; anything else
  /// must be a JSON object.
  func body(_ request: TestRequest, _ type: String) throws(SimulatorFailure) -> JSONObject {
    let text = request.bodyText.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let first = text.first else { return [:] }
    guard let value = JSONValue.parse(request.body) else {
      throw .invalid(
        first == "{" || first == "[" ? "unexpected end of JSON input" : "invalid character '\(first)' looking for beginning of value")
    }
    guard let object = value.objectValue else { throw .invalid("json: cannot unmarshal \(value.goKind) into Go value of type \(type)") }
    return object
  }

  /// A member of a request body, checked for the Go type it decodes into.
  func member(_ body: JSONObject, _ key: String, of type: String, goType: String) throws(SimulatorFailure) -> JSONValue? {
    guard let value = body[key], !value.isNull else { return nil }
    let fits: Bool
    switch goType {
    case "bool": fits = value.boolValue != nil
    case "string": fits = value.stringValue != nil
    case "[]string": fits = value.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false
    case "int32", "int64": fits = value.numberValue?.intValue != nil
    default: fits = value.objectValue != nil
    }
    guard fits else { throw .invalid("json: cannot unmarshal \(value.goKind) into Go struct field \(type).\(key) of type \(goType)") }
    return value
  }

  /// A query parameter as an integer, refused as grpc-gateway refuses a malformed one.
  func integer(_ request: TestRequest, _ name: String) throws(SimulatorFailure) -> Int? {
    guard let text = request.query[name], !text.isEmpty else { return nil }
    guard let value = Int(text) else { throw .invalid("\(name): strconv.ParseInt: parsing \"\(text)\": invalid syntax") }
    return value
  }

  func flag(_ request: TestRequest, _ name: String) -> Bool {
    request.query[name] == "true" || request.query[name] == "1"
  }
}
