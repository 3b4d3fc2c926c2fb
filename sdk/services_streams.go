package sdk

// StreamsService manages input streams and their actions.
type StreamsService struct{ c *Client }
