{{/*
Names. fullname is the release name, with the chart name appended unless the release name
already contains it ("ops-portal" gives ops-portal, ops-portal-reader, ops-portal-writer: the
names of deploy/rbac).
*/}}
{{- define "ops-portal.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ops-portal.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ops-portal.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ops-portal.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ops-portal.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ops-portal.labels" -}}
helm.sh/chart: {{ include "ops-portal.chart" . }}
{{ include "ops-portal.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ops-portal
backstage.io/kubernetes-id: {{ include "ops-portal.fullname" . }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* The ServiceAccount the pods run as (no RBAC, no token mounted). */}}
{{- define "ops-portal.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ops-portal.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The read-only identity of the cards (deploy/rbac/reader.yaml). */}}
{{- define "ops-portal.readerName" -}}
{{- default (printf "%s-reader" (include "ops-portal.fullname" .)) .Values.rbac.reader.name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The writer identity of the scaffolder and the traffic editor (deploy/rbac/writer.yaml). */}}
{{- define "ops-portal.writerName" -}}
{{- default (printf "%s-writer" (include "ops-portal.fullname" .)) .Values.rbac.writer.name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The Secret of the credentials (credentials.existingSecret, or the one the ExternalSecret makes). */}}
{{- define "ops-portal.credentialsSecret" -}}
{{- .Values.credentials.existingSecret }}
{{- end }}

{{/*
Every credential the production config reads from the environment, as a list of
{env, secret, key, optional}. A credential whose secretName is empty is read from
credentials.existingSecret under the env name; the Kubernetes tokens default to the token Secrets
of the chart's reader and writer ServiceAccounts when rbac.create is on.
*/}}
{{- define "ops-portal.credentialRefs" -}}
{{- $credentials := include "ops-portal.credentialsSecret" . -}}
{{- $refs := list -}}
{{- range $env := list "AUTH_SESSION_SECRET" "KEYCLOAK_CLIENT_SECRET" "SCAFFOLDER_KEYCLOAK_CLIENT_SECRET" "ARGOCD_TOKEN" "ARGOCD_WRITER_TOKEN" "GITOPS_TOKEN" "ELASTICSEARCH_API_KEY" -}}
{{- $refs = append $refs (dict "env" $env "secret" $credentials "key" $env "optional" false) -}}
{{- end -}}
{{- $refs = append $refs (dict "env" "KONG_ADMIN_TOKEN" "secret" $credentials "key" "KONG_ADMIN_TOKEN" "optional" (ne (index .Values.config "KONG_SOURCE" | default "") "admin-api")) -}}
{{- $pg := .Values.postgresql.password -}}
{{- $refs = append $refs (dict "env" "POSTGRES_PASSWORD" "secret" ($pg.secretName | default $credentials) "key" $pg.secretKey "optional" false) -}}
{{- if .Values.redis.enabled -}}
{{- $redis := .Values.redis.url -}}
{{- $refs = append $refs (dict "env" "REDIS_URL" "secret" ($redis.secretName | default $credentials) "key" $redis.secretKey "optional" false) -}}
{{- end -}}
{{- $reader := .Values.kubernetes.readerToken -}}
{{- $writer := .Values.kubernetes.writerToken -}}
{{- if .Values.rbac.create -}}
{{- $refs = append $refs (dict "env" "K8S_SERVICE_ACCOUNT_TOKEN" "secret" ($reader.secretName | default (printf "%s-token" (include "ops-portal.readerName" .))) "key" ($reader.secretKey | default "token") "optional" false) -}}
{{- $refs = append $refs (dict "env" "K8S_WRITER_TOKEN" "secret" ($writer.secretName | default (printf "%s-token" (include "ops-portal.writerName" .))) "key" ($writer.secretKey | default "token") "optional" false) -}}
{{- else -}}
{{- $refs = append $refs (dict "env" "K8S_SERVICE_ACCOUNT_TOKEN" "secret" ($reader.secretName | default $credentials) "key" ($reader.secretKey | default "K8S_SERVICE_ACCOUNT_TOKEN") "optional" false) -}}
{{- $refs = append $refs (dict "env" "K8S_WRITER_TOKEN" "secret" ($writer.secretName | default $credentials) "key" ($writer.secretKey | default "K8S_WRITER_TOKEN") "optional" false) -}}
{{- end -}}
{{- toJson $refs -}}
{{- end }}

{{/* The names of the KongPlugins on the portal's route, as the new-service template names them. */}}
{{- define "ops-portal.kongPluginNames" -}}
{{- $fullname := include "ops-portal.fullname" . -}}
{{- $names := list -}}
{{- if .Values.kongPlugins.rateLimiting.enabled }}{{ $names = append $names (printf "rl-%s" $fullname) }}{{ end -}}
{{- if .Values.kongPlugins.prometheus.enabled }}{{ $names = append $names (printf "prometheus-%s" $fullname) }}{{ end -}}
{{- if .Values.kongPlugins.tcpLog.enabled }}{{ $names = append $names (printf "tcp-log-%s" $fullname) }}{{ end -}}
{{- $names = concat $names .Values.ingress.extraPlugins -}}
{{- join "," $names -}}
{{- end }}

{{/* The pods' minimum count: the HPA's minReplicas when it is on, else replicaCount. */}}
{{- define "ops-portal.minReplicas" -}}
{{- if .Values.autoscaling.enabled }}{{ .Values.autoscaling.minReplicas }}{{ else }}{{ .Values.replicaCount }}{{ end -}}
{{- end }}
