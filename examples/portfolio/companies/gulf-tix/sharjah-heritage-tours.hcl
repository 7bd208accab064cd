# Guided heritage tours in Sharjah, sold mostly to visitors from abroad.
company "sharjah-heritage-tours" {
  name          = "Sharjah Heritage Tours"
  reseller      = "gulf-tix"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments", "manage_venues"]

  tax_band "standard" {
    rate = 5
  }

  # Tours that leave the country are zero-rated.
  tax_band "zero-rated" {
    rate = 0
  }

  # Still being piloted: Refund Protect Group's test environment, and the
  # anonymous mode, which passes no customer details to Protect Group.
  integration "refund_protect_group" {
    mode            = "anonymous"
    environment     = "test"
    opt_in_required = true
    # JPY has no minor unit, so its amount is a whole number.
    minimum_order_value = {
      AED = 25
      JPY = 2000
      USD = 7.5
    }
    tax_band       = "zero-rated"
    deadline_hours = 72
  }

  # New handhelds are tried against GateScan's sandbox first.
  integration "gatescan" {
    environment            = "sandbox"
    device_enrolment_token = secret("gulf-tix/sharjah-heritage-tours/gatescan-enrolment")
    offline_mode           = true
    entry_gates            = ["Heart of Sharjah", "Al Mahatta"]
    # A day ticket covers every stop of the tour, once a day.
    reentry = "same_day"
  }
}
