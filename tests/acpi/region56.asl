/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Laptop-firmware model "region56" (older Acer, Alienware, HP, Lenovo): the
 * ROM is read through a 56 KiB memory region, exactly Arg1 bytes from
 * Arg0; a request reaching past the region fails with AE_AML_REGION_LIMIT.
 */
DefinitionBlock ("", "SSDT", 2, "OVFTST", "MREGN56", 1)
{
    External (\OVRB, MethodObj)
    External (\OVFR, MethodObj)

    Device (\_SB.OVM4)
    {
        Name (_HID, "OVFR0004")
        Name (RLEN, 0xE000)

        Method (_ROM, 2, Serialized)
        {
            If ((Arg0 + Arg1) > RLEN)
            {
                \OVFR ()
            }
            Return (\OVRB (Arg0, Arg1))
        }
    }
}
