package sdk

// PushService manages push jobs.
type PushService struct{ c *Client }

// RecordingService manages recording jobs.
type RecordingService struct{ c *Client }
