/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Laptop-firmware model "nvref" (the shape of NVIDIA's reference _ROM, seen
 * on Dell XPS 15, ASUS TUF and ROG, AMD laptops too): the image sits in
 * 32 KiB banks filling a 0x30000 window, a request is clamped to 4 KiB,
 * bytes of the window past the ROM read as zeros, and a request that
 * starts at the window's end or crosses a bank boundary makes a field past
 * the end of a bank: AE_AML_BUFFER_LIMIT.
 */
DefinitionBlock ("", "SSDT", 2, "OVFTST", "MNVREF", 1)
{
    External (\OVRB, MethodObj)
    External (\OVFB, MethodObj)

    Device (\_SB.OVM2)
    {
        Name (_HID, "OVFR0002")
        Name (WSIZ, 0x00030000)
        Name (BANK, 0x8000)

        Method (_ROM, 2, Serialized)
        {
            Local0 = Arg0
            Local1 = Arg1
            If (Local1 > 0x1000)
            {
                Local1 = 0x1000
            }
            If (Local0 >= WSIZ)
            {
                \OVFB ()
            }
            If (Local1 != Zero)
            {
                If ((Local0 / BANK) != ((Local0 + Local1 - One) / BANK))
                {
                    \OVFB ()
                }
            }
            Return (\OVRB (Local0, Local1))
        }
    }
}
