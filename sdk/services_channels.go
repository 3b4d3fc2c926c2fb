package sdk

// ScheduledChannelsService manages scheduled channels.
type ScheduledChannelsService struct{ c *Client }

// MultiplexChannelsService manages multiplex channels.
type MultiplexChannelsService struct{ c *Client }
