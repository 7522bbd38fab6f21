package awsproto

import (
	"encoding/xml"
	"errors"
	"net/http"
)

// STSNamespace is the XML namespace of STS responses.
const STSNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"

// MaxQueryBody bounds form-encoded query-protocol request bodies.
const MaxQueryBody = 64 << 10

type xmlErrorResponse struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Error     xmlError `xml:"Error"`
	RequestID string   `xml:"RequestId"`
}

type xmlError struct {
	Type    string `xml:"Type"`
	Code    string `xml:"Code"`
	Message string `xml:"Message"`
}

// WriteXMLError writes err as a query-protocol ErrorResponse in namespace ns.
// Anything that is not an *Error is rendered as ErrInternal.
func WriteXMLError(w http.ResponseWriter, ns, requestID string, err error) {
	var e *Error
	if !errors.As(err, &e) {
		e = ErrInternal
	}
	typ := "Receiver"
	if e.Sender() {
		typ = "Sender"
	}
	body := xmlErrorResponse{Xmlns: ns, Error: xmlError{Type: typ, Code: e.Code, Message: e.Message}, RequestID: requestID}
	b, _ := xml.Marshal(body)
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(e.Status)
	_, _ = w.Write(append([]byte(xml.Header), b...))
}

// ErrInvalidAction is the query protocol's answer to an Action it does not serve.
func ErrInvalidAction(action, version string) *Error {
	return &Error{Code: "InvalidAction", Message: "Could not find operation " + action + " for version " + version, Status: http.StatusBadRequest}
}
