# A secret setting has no default: it would be a literal secret in the
# catalog and in every snapshot. A setting that is not secret may have one.
integration_type "doorlock" {
  category = "access_control"

  company {
    setting "token" {
      secret  = true
      default = "tok-0123456789" # want: schema `^Secret setting "token" with a default A default of a secret would be a literal secret`
    }
    setting "retries" {
      type   = number
      secret = true
      default = 3 # want: schema `Secret setting "retries" with a default`
    }
    setting "theme" {
      default = "dark"
    }
  }
}
