reseller "jegyhaz" {
  name = "Jegyház Kft."

  integration "vatstack" {
    # The key used to be a literal; it has since moved to the secret store,
    # but the suppression stayed behind.
    # want: unused-ignore
    # tixcfg:ignore credential-literal -- staging key, rotated weekly
    secret_key = secret("jegyhaz/vatstack")
  }
}
