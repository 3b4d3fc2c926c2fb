package sdk

// StatsService reads statistics.
type StatsService struct{ c *Client }
