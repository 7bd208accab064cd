# A three-day beach festival with reserved seating at the main stage and
# gate scanning at every entrance.
company "ras-al-khaimah-beach-fest" {
  name          = "Ras Al Khaimah Beach Fest"
  reseller      = "gulf-tix"
  feature_flags = ["reserved_seating"]
  permissions   = ["manage_integrations", "manage_venues"]

  integration "seatplan" {
    chart_key      = "rak-main-stage-2026"
    best_available = false
  }

  # Production tenant by default (the catalog's default environment).
  integration "gatescan" {
    device_enrolment_token = secret("gulf-tix/ras-al-khaimah-beach-fest/gatescan-enrolment")
    entry_gates            = ["North Beach", "Marina", "VIP"]
    # Three-day passes: holders come and go as they like.
    reentry = "always"
  }

  integration "what3words" {}

  integration "google_maps" {
    dynamic_maps = true
    map_theme    = "sand"
  }

  integration "apple_login" {}
}
