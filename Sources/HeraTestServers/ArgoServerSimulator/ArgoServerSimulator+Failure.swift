import ArgoModel

extension ArgoServerSimulator {
  /// A refusal in the Argo Server's terms: a gRPC code and a message, answered as
  /// `{"code": N, "message": "..."}` with the HTTP status grpc-gateway derives from the code.
  public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The gRPC code (3 invalid argument, 5 not found, 6 already exists, 7 permission denied,
    /// 10 aborted, 14 unavailable, 16 unauthenticated, …).
    public let code: Int
    public let message: String

    public init(code: Int, message: String) {
      self.code = code
      self.message = message
    }

    /// The HTTP status grpc-gateway v1 answers for the code.
    public var httpStatus: Int { Failure.httpStatus(forCode: code) }

    public var description: String { "\(httpStatus) (code \(code)): \(message)" }

    static func httpStatus(forCode code: Int) -> Int {
      switch code {
      case 0: return 200
      case 1: return 408
      case 3, 9, 11: return 400
      case 4: return 504
      case 5: return 404
      case 6, 10: return 409
      case 7: return 403
      case 8: return 429
      case 12: return 501
      case 14: return 503
      case 16: return 401
      default: return 500
      }
    }

    /// Go's `http.StatusText`, for the in-band errors of streams.
    static func statusText(_ status: Int) -> String {
      switch status {
      case 400: return "Bad Request"
      case 401: return "Unauthorized"
      case 403: return "Forbidden"
      case 404: return "Not Found"
      case 408: return "Request Timeout"
      case 409: return "Conflict"
      case 429: return "Too Many Requests"
      case 501: return "Not Implemented"
      case 503: return "Service Unavailable"
      case 504: return "Gateway Timeout"
      default: return "Internal Server Error"
      }
    }

    static func invalid(_ message: String) -> Failure { Failure(code: 3, message: message) }
    static func notFound(_ message: String) -> Failure { Failure(code: 5, message: message) }
    static func unavailable(_ message: String) -> Failure { Failure(code: 14, message: message) }

    /// `workflows.argoproj.io "NAME" not found`, as Kubernetes words it.
    static func notFound(_ resource: Resource, _ name: String) -> Failure {
      .notFound("\(resource.plural).argoproj.io \"\(name)\" not found")
    }

    static func alreadyExists(_ resource: Resource, _ name: String) -> Failure {
      Failure(code: 6, message: "\(resource.plural).argoproj.io \"\(name)\" already exists")
    }

    /// The body of a unary answer.
    var body: JSONValue { ["code": .number(JSONNumber(code)), "message": .string(message)] }

    /// The body of a stream's error chunk, as grpc-gateway's stream forwarder writes it.
    var streamChunk: JSONValue {
      [
        "error": [
          "grpc_code": .number(JSONNumber(code)), "http_code": .number(JSONNumber(httpStatus)), "message": .string(message),
          "http_status": .string(Failure.statusText(httpStatus)),
        ]
      ]
    }

    var response: TestResponse { .json(httpStatus, body.compactText) }
  }

  /// The kinds of objects the Argo Server serves, with Kubernetes' names for them.
  struct Resource: Sendable, Hashable {
    let kind: String
    let plural: String
    let clusterScoped: Bool

    static let workflow = Resource(kind: "Workflow", plural: "workflows", clusterScoped: false)
    static let workflowTemplate = Resource(kind: "WorkflowTemplate", plural: "workflowtemplates", clusterScoped: false)
    static let clusterWorkflowTemplate = Resource(kind: "ClusterWorkflowTemplate", plural: "clusterworkflowtemplates", clusterScoped: true)
    static let cronWorkflow = Resource(kind: "CronWorkflow", plural: "cronworkflows", clusterScoped: false)
  }
}

typealias SimulatorFailure = ArgoServerSimulator.Failure
