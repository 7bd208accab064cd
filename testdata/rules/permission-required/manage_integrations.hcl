# Every integration needs manage_integrations. A company without a
# permissions attribute at all, and one whose list lacks it.
reseller "acme" {
  integration "google_maps" {
    api_key = secret("acme/google-maps")
  }
  integration "what3words" {
    api_key = secret("acme/what3words")
  }
}

company "dubai-live" {
  reseller = "acme"

  integration "google_maps" {} # want: permission-required `^Integration "google_maps" needs a permission company "dubai-live" lacks Company "dubai-live" lacks the permission "manage_integrations"; google_maps needs "manage_integrations"\.`
}

company "cairo" {
  reseller    = "acme"
  permissions = ["manage_payments"]

  integration "google_maps" { # want: permission-required `Company "cairo" lacks the permission "manage_integrations"`
    dynamic_maps = true
  }
  # want+1: permission-required `Company "cairo" lacks the permission "manage_integrations"`
  integration "what3words" {
  }
}
