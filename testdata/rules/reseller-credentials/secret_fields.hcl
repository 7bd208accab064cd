# An operator type whose reseller credentials, per environment, are all
# secrets: the fix gives the reseller the missing credential set, or the
# missing fields of one, as secret references.
integration_type "doorlock" {
  category = "access_control"

  reseller {
    environments = ["live", "test"]

    credential "pin" {
      secret = true
    }
    credential "passcode" {
      secret = true
    }
  }

  company {
    setting "environment" {
      selects_environment = true
      default             = "live"
    }
  }
}

reseller "acme" {
  integration "doorlock" {
    environment "live" { # want: incomplete-credentials `lack passcode`
      pin = secret("acme/doorlock/live/pin")
    }
  }
}

reseller "globex" {
  integration "doorlock" {
    environment "live" {
      pin      = secret("globex/doorlock/live/pin")
      passcode = secret("globex/doorlock/live/passcode")
    }
  }
}

company "a" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "doorlock" {} # want: reseller-credentials `the doorlock credentials \(live\) of reseller "acme" lack passcode`
}

company "g" {
  reseller    = "globex"
  permissions = ["manage_integrations"]

  integration "doorlock" { # want: reseller-credentials `reseller "globex" provides no "test" credential set for doorlock`
    environment = "test"
  }
}
