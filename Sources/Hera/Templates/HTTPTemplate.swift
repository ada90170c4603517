/// An HTTP template: the Argo agent makes a request, without a pod.
public struct HTTPTemplate: TemplateDefinition {
  public var template: Template

  public init(
    _ name: String, url: ArgoString, method: String? = nil, headers: [HTTPHeader]? = nil, body: ArgoString? = nil,
    successCondition: String? = nil, timeoutSeconds: Int? = nil, insecureSkipVerify: Bool? = nil,
    @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }
  ) {
    template = Template(
      name: name,
      http: HTTP(
        body: body?.text, headers: headers, insecureSkipVerify: insecureSkipVerify, method: method,
        successCondition: successCondition, timeoutSeconds: timeoutSeconds, url: url.text))
    io().apply(to: &template)
  }
}
