// Package metrics is what a cpca process tells Prometheus: HTTP requests by route pattern,
// their latency, the database pool, the outbox backlog, failed background tasks and the
// outcome of every email and SMS. One registry per process, filled by the packages that do
// the work (app's middleware, internal/outbox, internal/jobs) and read by Handler.
package metrics

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Registry holds this process's metrics; the default global registry is not used, so a test
// building several apps in one process never registers a collector twice by accident.
var Registry = prometheus.NewRegistry()

var (
	// Requests counts HTTP requests by Fiber's matched route pattern (never the raw URL, whose
	// ids and tokens would make a series per object), method and status code.
	Requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cpca_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
	}, []string{"route", "method", "status"})
	// Latency is the time to answer, by route pattern and method.
	Latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "cpca_http_request_duration_seconds", Help: "Time to answer an HTTP request, by route pattern and method.",
		Buckets: []float64{.005, .01, .025, .05, .1, .2, .5, 1, 2.5, 5, 10},
	}, []string{"route", "method"})
	// Messages counts the outcome of every delivery attempt of an email or SMS (sent, failed,
	// not_sent, unknown, or queued when it will be retried).
	Messages = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cpca_messages_total", Help: "Email and SMS delivery attempts by channel and outcome.",
	}, []string{"channel", "outcome"})
	// JobFailures counts background tasks (asynq) that returned an error, by task type.
	JobFailures = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cpca_job_failures_total", Help: "Background tasks that failed, by task type (each retry counts).",
	}, []string{"type"})
)

func init() {
	Registry.MustRegister(Requests, Latency, Messages, JobFailures,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, ch := range []string{"email", "sms"} { // present at 0, so a rate() has a start
		for _, o := range []string{"sent", "failed"} {
			Messages.WithLabelValues(ch, o)
		}
	}
}

// Message records one delivery outcome of channel ("email" or "sms").
func Message(channel, outcome string) { Messages.WithLabelValues(channel, outcome).Inc() }

// Request records one answered HTTP request.
func Request(route, method string, status int, seconds float64) {
	Requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	Latency.WithLabelValues(route, method).Observe(seconds)
}

// Handler serves the registry in the Prometheus text format.
func Handler() http.Handler {
	return promhttp.HandlerFor(Registry, promhttp.HandlerOpts{Registry: Registry})
}
