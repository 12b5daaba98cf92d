/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Laptop-firmware model "region4k" (ASUS G752/X550): each call maps a fixed
 * 4 KiB region at the ROM's base + Arg0 and returns Arg1 bytes of it; an
 * Arg1 over 4 KiB reads past the region: AE_AML_REGION_LIMIT.
 */
DefinitionBlock ("", "SSDT", 2, "OVFTST", "MREGN4K", 1)
{
    External (\OVRB, MethodObj)
    External (\OVFR, MethodObj)

    Device (\_SB.OVM7)
    {
        Name (_HID, "OVFR0007")

        Method (_ROM, 2, Serialized)
        {
            If (Arg1 > 0x1000)
            {
                \OVFR ()
            }
            Return (\OVRB (Arg0, Arg1))
        }
    }
}
