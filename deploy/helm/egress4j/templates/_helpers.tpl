{{- define "egress4j.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}{{ .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{ end }}
{{- end }}

{{- define "egress4j.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "egress4j.labels" -}}
{{ include "egress4j.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "egress4j.healthPort" -}}
{{ required "config.health_port is required (readiness probe)" .Values.config.health_port }}
{{- end }}

{{- define "egress4j.metricsPort" -}}
{{ required "config.prometheus_port is required (ServiceMonitor)" .Values.config.prometheus_port }}
{{- end }}

{{- define "egress4j.secretName" -}}
{{ .Values.existingSecret | default (printf "%s-secret" (include "egress4j.fullname" .)) }}
{{- end }}
