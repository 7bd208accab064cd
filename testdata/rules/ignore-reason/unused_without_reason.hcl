# An ignore that suppresses nothing and gives no reason is both.
reseller "acme" {
  # want+1: ignore-reason `without a reason` unused-ignore `Unused ignore for "schema"`
  name = "Acme Tickets" # tixcfg:ignore schema
}
