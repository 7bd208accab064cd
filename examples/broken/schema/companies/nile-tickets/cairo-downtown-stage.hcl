company "cairo-downtown-stage" {
  name        = "Cairo Downtown Stage"
  reseller    = "nile-tickets"
  permissions = ["manage_integrations"]

  integration "google_maps" {
    dynamic_map = true # want: schema
    map_theme   = "nile-blue"
  }

  # notify_on is a list of order events, not a single one.
  integration "misr_sms" {
    notify_on = "rejection" # want: schema
  }
}
