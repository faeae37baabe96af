/** Manifests and an Application for a service the tests add to the GitOps repository. */

/** The files a new service `payments` adds under `services/payments/`. */
export function paymentsManifests(image = 'registry.ops.local/payments:1.0.0') {
  return {
    'services/payments/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
  labels:
    app: payments
    backstage.io/kubernetes-id: payments
spec:
  replicas: 1
  selector:
    matchLabels:
      app: payments
  template:
    metadata:
      labels:
        app: payments
    spec:
      containers:
        - name: payments
          image: ${image}
`,
    'services/payments/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: payments
  labels:
    backstage.io/kubernetes-id: payments
spec:
  selector:
    app: payments
  ports:
    - name: http
      port: 80
`,
  };
}

/** An Argo CD Application for `payments`, as the new-service template creates it. */
export function paymentsApplication(
  options: {
    namespace?: string;
    createNamespace?: boolean;
    path?: string;
    /** Synced only when asked to (no `automated` policy). */
    manual?: boolean;
    annotations?: Record<string, string>;
  } = {},
) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: 'payments',
      namespace: 'argocd',
      labels: { 'backstage-name': 'payments' },
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    spec: {
      project: 'default',
      source: {
        repoURL: 'http://127.0.0.1:7173/gitops.git',
        path: options.path ?? 'services/payments',
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: options.namespace ?? 'payments',
      },
      syncPolicy: {
        ...(options.manual
          ? {}
          : { automated: { prune: true, selfHeal: true } }),
        syncOptions:
          options.createNamespace === false ? [] : ['CreateNamespace=true'],
      },
    },
  };
}
